// programs.js holds the WebGL program the explorer draws a large network's
// actors with. Without a GPU (Chromium's software WebGL) the cost of a frame
// is the fragments it shades: sigma's circle program draws each actor as a
// triangle around its disc, about 5.2 times the disc's area, where a point
// sprite covers the disc's bounding square, 1.27 times it.
import { NodeProgram } from "sigma/rendering";
import { floatColor } from "sigma/utils";

const { UNSIGNED_BYTE, FLOAT, POINTS } = WebGLRenderingContext;

// The vertex shader places one point per actor, its diameter in device
// pixels (sigma's size is a radius in CSS pixels at the current zoom).
const vertexShader = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_position;
attribute float a_size;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_pixelRatio;

varying vec4 v_color;
varying float v_diameter;

const float bias = 255.0 / 254.0;

void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1)).xy, 0, 1);
  v_diameter = 2.0 * a_size / u_sizeRatio * u_pixelRatio;
  // One pixel more for the antialiased rim.
  gl_PointSize = v_diameter + 1.0;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}
`;

// The fragment shader keeps the disc: a one-pixel soft rim when drawn, a
// hard edge on the picking layer (whose colours are actor ids).
const fragmentShader = /* glsl */ `
precision mediump float;

varying vec4 v_color;
varying float v_diameter;

void main(void) {
  float d = length(gl_PointCoord - vec2(0.5)) * (v_diameter + 1.0);
  float inside = clamp(v_diameter * 0.5 - d + 0.5, 0.0, 1.0);
  #ifdef PICKING_MODE
  if (d > v_diameter * 0.5) discard;
  gl_FragColor = v_color;
  #else
  if (inside <= 0.0) discard;
  gl_FragColor = v_color * inside;
  #endif
}
`;

// NodePointProgram draws each actor as a disc on one point sprite.
export class NodePointProgram extends NodeProgram {
  getDefinition() {
    return {
      VERTICES: 1,
      VERTEX_SHADER_SOURCE: vertexShader,
      FRAGMENT_SHADER_SOURCE: fragmentShader,
      METHOD: POINTS,
      UNIFORMS: ["u_sizeRatio", "u_pixelRatio", "u_matrix"],
      ATTRIBUTES: [
        { name: "a_position", size: 2, type: FLOAT },
        { name: "a_size", size: 1, type: FLOAT },
        { name: "a_color", size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: "a_id", size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
    };
  }

  processVisibleItem(nodeIndex, startIndex, data) {
    const array = this.array;
    array[startIndex++] = data.x;
    array[startIndex++] = data.y;
    array[startIndex++] = data.size;
    array[startIndex++] = floatColor(data.color);
    array[startIndex++] = nodeIndex;
  }

  setUniforms(params, { gl, uniformLocations }) {
    gl.uniform1f(uniformLocations.u_sizeRatio, params.sizeRatio);
    gl.uniform1f(uniformLocations.u_pixelRatio, params.pixelRatio);
    gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
  }
}
