FROM busybox:latest
# TOKEN differs in every run: BuildKit leaves secrets out of the cache key, so without it a
# cached step from an earlier run (with another secret) would be reused.
ARG TOKEN
# Only digests of the secrets reach the image, never the secrets.
RUN --mount=type=secret,id=token,required=true --mount=type=secret,id=from_file,required=true \
    sh -c 'echo "$TOKEN" > /run-token && md5sum /run/secrets/token | cut -d" " -f1 > /token.md5 && md5sum /run/secrets/from_file | cut -d" " -f1 > /file.md5'
