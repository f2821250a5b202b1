FROM busybox:latest
ARG TOKEN
ARG ROUND
# What earlier builds left in the cache mount is copied into the image, then this round's mark
# is added: the second round's image shows the first round's mark.
RUN --mount=type=cache,target=/cache,id=flotilla-e2e-build-buildkit \
    sh -c 'cat /cache/* > /seen-before 2>/dev/null; echo "$TOKEN-$ROUND" > "/cache/$TOKEN-$ROUND"; echo "round $ROUND"'
