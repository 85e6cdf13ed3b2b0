# peacegraph service image: a static Go binary with every asset embedded.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /peacegraph .

FROM gcr.io/distroless/static-debian12
COPY --from=build /peacegraph /peacegraph
USER nonroot
EXPOSE 8080
ENTRYPOINT ["/peacegraph"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
