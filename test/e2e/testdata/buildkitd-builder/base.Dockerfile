FROM busybox:latest
RUN echo "built by the base service" > /base.txt
