FROM flotilla/debian:bookworm
# tools/ holds the host's ssh-add and its libcrypto (the test copies them into the context).
RUN --mount=type=bind,source=tools,target=/opt/ssh --mount=type=ssh \
    sh -c 'LD_LIBRARY_PATH=/opt/ssh /opt/ssh/ssh-add -l > /ssh-keys'
