import { amount, count, list, strictBoolean, struct, text, use } from './dsl.js';

/** How a rolling update or rollback proceeds. */
const updatePolicy = struct({
  parallelism: count(),
  delay: text(),
  failure_action: text(),
  monitor: text(),
  max_failure_ratio: amount(),
  order: text({ oneOfValues: ['start-first', 'stop-first'] }),
});

/** A service's `deploy` (null allowed: an empty `deploy:` key). */
export const deployment = struct(
  {
    mode: text(),
    endpoint_mode: text(),
    replicas: count(),
    labels: use('keyValues'),
    rollback_config: updatePolicy,
    update_config: updatePolicy,
    resources: struct({
      limits: struct({ cpus: amount(), memory: text(), pids: count() }),
      reservations: struct({
        cpus: amount(),
        memory: text(),
        generic_resources: use('genericResources'),
        devices: use('deviceRequests'),
      }),
    }),
    restart_policy: struct({
      condition: text(),
      delay: text(),
      max_attempts: count(),
      window: text(),
    }),
    placement: struct({
      constraints: list(text()),
      preferences: list(struct({ spread: text() })),
      max_replicas_per_node: count(),
    }),
  },
  { alsoAccepts: ['null'] },
);

/** A service's `develop` (null allowed). */
export const development = struct(
  {
    watch: list(
      struct(
        {
          ignore: use('stringOrList'),
          include: use('stringOrList'),
          path: text(),
          action: text({
            oneOfValues: ['rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'],
          }),
          target: text(),
          exec: use('serviceHook'),
          initial_sync: strictBoolean(),
        },
        { required: ['path', 'action'] },
      ),
    ),
  },
  { alsoAccepts: ['null'] },
);
