# Multi-stage build of the `iro` binary: compile with the full toolchain, run on a slim image.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release -p iro-api --bin iro

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/iro --create-home iro
COPY --from=build /src/target/release/iro /usr/local/bin/iro
USER iro
WORKDIR /var/lib/iro
ENV IRO_BIND=0.0.0.0:8080 \
    IRO_DATA_DIR=/var/lib/iro \
    RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fs http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["iro"]
CMD ["serve"]
