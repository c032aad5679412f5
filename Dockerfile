# titanlint image: `titanlint serve` (the admission webhook) and the CLI.
# Build: docker build -t titanlint:dev .
FROM debian:12-slim AS build
COPY .ci/install-deps /tmp/install-deps
RUN bash /tmp/install-deps && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTITANLINT_BUILD_TESTS=OFF \
 && cmake --build /build --target titanlint \
 && mkdir -p /out && cp /build/titanlint /out/titanlint \
 && ldd /build/titanlint | awk '/=>/ {print $3}' | xargs -I{} cp --parents {} /out/

# Runtime: no shell, no package manager, non-root, nothing written to the root filesystem
# (the certificate is a read-only Secret volume; logs go to stderr).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/ /
USER 65532:65532
EXPOSE 8443 9090
ENTRYPOINT ["/titanlint"]
CMD ["serve", "--listen=:8443", "--tls-cert=/etc/titanlint/tls/tls.crt", "--tls-key=/etc/titanlint/tls/tls.key"]
