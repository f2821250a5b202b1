FROM busybox:latest
# Only digests of the secrets reach the image, never the secrets.
RUN --mount=type=secret,id=token,required=true --mount=type=secret,id=from_file,required=true \
    sh -c 'md5sum /run/secrets/token | cut -d" " -f1 > /token.md5 && md5sum /run/secrets/from_file | cut -d" " -f1 > /file.md5'
