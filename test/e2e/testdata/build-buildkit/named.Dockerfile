FROM busybox:latest
COPY --from=extra hello.txt /hello.txt
