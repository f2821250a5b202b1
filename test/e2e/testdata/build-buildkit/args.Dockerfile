FROM busybox:latest
ARG GREETING=none
RUN echo "$GREETING" > /greeting
LABEL org.example.from-dockerfile=yes
