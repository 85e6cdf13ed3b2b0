# peacegraph service image: a static Go binary with every asset embedded,
# serving the embedded store from the /data volume (or Neo4j, when NEO4J_URI
# is set). Build with the release's version:
#   docker build --build-arg VERSION=v1.2.3 -t peacegraph .
FROM golang:1.26 AS build
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The version goes into the binary (peacegraph version); .git is not copied,
# so the build records no commit of its own.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /peacegraph . \
 && mkdir /data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /peacegraph /peacegraph
# The nonroot user (65532) owns /data, where the embedded store lives.
COPY --from=build --chown=65532:65532 /data /data
WORKDIR /data
VOLUME /data
USER nonroot
EXPOSE 8080
# The image has no shell or curl: the binary checks its own readiness.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/peacegraph", "healthcheck", "--url", "http://127.0.0.1:8080/readyz"]
# SIGTERM: /readyz turns 503, then in-flight requests get --shutdown-grace.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/peacegraph"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--data", "/data/peacegraph.db", "--log-format", "json"]
