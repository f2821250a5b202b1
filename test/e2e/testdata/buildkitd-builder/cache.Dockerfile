FROM busybox:latest
ARG TOKEN
# A random mark: the same mark in a later build shows that the step came from the cache.
RUN echo "$TOKEN $(cat /proc/sys/kernel/random/uuid)" > /mark
