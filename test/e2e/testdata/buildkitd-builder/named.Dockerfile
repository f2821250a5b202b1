FROM busybox:latest
COPY --from=extra hello.txt /hello.txt
COPY --from=base /base.txt /base.txt
