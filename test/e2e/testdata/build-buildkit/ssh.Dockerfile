FROM flotilla/debian:bookworm
# TOKEN differs in every run: the ssh agent is not part of the cache key.
ARG TOKEN
# tools/ holds the host's ssh-add and its libcrypto (the test copies them into the context).
RUN --mount=type=bind,source=tools,target=/opt/ssh --mount=type=ssh \
    sh -c 'echo "$TOKEN" > /run-token && LD_LIBRARY_PATH=/opt/ssh /opt/ssh/ssh-add -l > /ssh-keys'
