FROM busybox:latest AS base
RUN echo base > /stage-base

FROM base AS tested
RUN echo tested > /stage

FROM base AS production
RUN echo production > /stage
