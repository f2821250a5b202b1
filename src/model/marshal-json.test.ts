import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonString, marshalModelJson, marshalProjectJson } from './marshal-json.js';
import { ModelError } from './model-error.js';

// Expected documents are written by hand from compose-go's struct declarations (types.go:
// ServiceConfig, ServicePortConfig, ServiceVolumeConfig, ServiceDependency, NetworkConfig,
// VolumeConfig, DeployConfig) and Project.MarshalJSON (a Go map, so top-level keys sorted).

test('marshalProjectJson prints a project in docker compose key order', () => {
  const tree = {
    name: 'shop',
    services: {
      web: {
        image: 'nginx:1.27',
        ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
        depends_on: { db: { condition: 'service_healthy', required: true } },
        environment: { MODE: 'prod', EMPTY: null },
        networks: { default: null },
        command: ['nginx', '-g', 'daemon off;'],
      },
      db: {
        volumes: [{ type: 'volume', source: 'data', target: '/var/lib/db', volume: {} }],
        image: 'postgres',
        healthcheck: { test: ['CMD', 'pg_isready'], interval: '10s', retries: 3 },
        networks: { default: null },
      },
    },
    volumes: { data: { name: 'shop_data' } },
    networks: { default: { name: 'shop_default' } },
    'x-note': 'kept',
  };
  const expected = `{
  "name": "shop",
  "networks": {
    "default": {
      "name": "shop_default",
      "ipam": {}
    }
  },
  "services": {
    "db": {
      "command": null,
      "entrypoint": null,
      "healthcheck": {
        "test": [
          "CMD",
          "pg_isready"
        ],
        "interval": "10s",
        "retries": 3
      },
      "image": "postgres",
      "networks": {
        "default": null
      },
      "volumes": [
        {
          "type": "volume",
          "source": "data",
          "target": "/var/lib/db",
          "volume": {}
        }
      ]
    },
    "web": {
      "command": [
        "nginx",
        "-g",
        "daemon off;"
      ],
      "depends_on": {
        "db": {
          "condition": "service_healthy",
          "required": true
        }
      },
      "entrypoint": null,
      "environment": {
        "EMPTY": null,
        "MODE": "prod"
      },
      "image": "nginx:1.27",
      "networks": {
        "default": null
      },
      "ports": [
        {
          "mode": "ingress",
          "target": 80,
          "published": "8080",
          "protocol": "tcp"
        }
      ]
    }
  },
  "volumes": {
    "data": {
      "name": "shop_data"
    }
  },
  "x-note": "kept"
}`;
  assert.equal(marshalProjectJson(tree), expected);
});

test('marshalProjectJson converts values to their Go types', () => {
  const tree = {
    name: 'p',
    services: {
      app: {
        command: 'sh -c "echo hi"',
        entrypoint: [],
        stop_grace_period: '90s',
        mem_limit: '512m',
        shm_size: 1024,
        cpus: '0.5',
        healthcheck: { test: 'curl -f http://localhost', start_period: '0s' },
        secrets: [{ source: 's', target: '/run/secrets/s', mode: 0o440 }],
        configs: [{ source: 'c', mode: '0555' }],
        ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 65535 },
        extra_hosts: { 'b.local': '10.0.0.2', 'a.local': ['10.0.0.1', '[::1]'] },
        labels: ['com.example=1', 'flag'],
        deploy: { replicas: 2, restart_policy: { delay: '5s', window: '120s' } },
        privileged: false,
        init: false,
        'x-ignored': true,
      },
    },
  };
  const expected = `{
  "name": "p",
  "services": {
    "app": {
      "cpus": 0.5,
      "command": [
        "sh",
        "-c",
        "echo hi"
      ],
      "configs": [
        {
          "source": "c",
          "mode": "0555"
        }
      ],
      "deploy": {
        "replicas": 2,
        "resources": {},
        "restart_policy": {
          "delay": "5s",
          "window": "2m0s"
        },
        "placement": {}
      },
      "entrypoint": [],
      "extra_hosts": [
        "a.local=10.0.0.1",
        "a.local=::1",
        "b.local=10.0.0.2"
      ],
      "healthcheck": {
        "test": [
          "CMD-SHELL",
          "curl -f http://localhost"
        ],
        "start_period": "0s"
      },
      "init": false,
      "labels": {
        "com.example": "1",
        "flag": ""
      },
      "mem_limit": "536870912",
      "secrets": [
        {
          "source": "s",
          "target": "/run/secrets/s",
          "mode": "0440"
        }
      ],
      "shm_size": "1024",
      "stop_grace_period": "1m30s",
      "ulimits": {
        "nofile": {
          "soft": 1024,
          "hard": 2048
        },
        "nproc": 65535
      }
    }
  }
}`;
  assert.equal(marshalProjectJson(tree), expected);
});

test('marshalProjectJson applies the omitempty and OptOut rules of compose-go', () => {
  const out = JSON.parse(
    marshalProjectJson({
      name: 'p',
      services: {
        s: {
          volumes: [
            { type: 'bind', source: '/a', target: '/a', bind: { create_host_path: true } },
            { type: 'bind', source: '/b', target: '/b', bind: { create_host_path: false } },
          ],
          depends_on: { d: { condition: 'service_started', required: false, restart: false } },
          develop: { watch: [{ path: './src', action: 'sync', target: '/src' }] },
          scale: 0,
          oom_score_adj: 0,
        },
      },
    }),
  ) as { services: { s: Record<string, unknown> } };
  const s = out.services.s;
  assert.deepEqual(s.volumes, [
    { type: 'bind', source: '/a', target: '/a', bind: {} },
    { type: 'bind', source: '/b', target: '/b', bind: { create_host_path: false } },
  ]);
  // `required` has no omitempty; `restart: false` is left out
  assert.deepEqual(s.depends_on, { d: { condition: 'service_started', required: false } });
  // a watch trigger's `exec` is a struct value: always printed in JSON
  assert.deepEqual(s.develop, {
    watch: [{ path: './src', action: 'sync', target: '/src', exec: { command: null } }],
  });
  // *int pointer kept even at zero, plain int zero dropped
  assert.equal(s.scale, 0);
  assert.equal('oom_score_adj' in s, false);
});

test('marshalProjectJson hides secret content, and config content from the environment', () => {
  const out = JSON.parse(
    marshalProjectJson({
      name: 'p',
      services: {},
      secrets: { s: { name: 'p_s', content: 'hush' } },
      configs: {
        inline: { name: 'p_inline', content: 'shown' },
        env: { name: 'p_env', environment: 'VAR', content: 'from env' },
      },
      models: { m: { model: 'ai/x' } },
    }),
  ) as Record<string, unknown>;
  assert.deepEqual(out.secrets, { s: { name: 'p_s' } });
  assert.deepEqual(out.configs, {
    env: { name: 'p_env', environment: 'VAR' },
    inline: { name: 'p_inline', content: 'shown' },
  });
  assert.equal('models' in out, false);
});

test('marshalProjectJson reports values Go cannot decode with their path', () => {
  assert.throws(
    () => marshalProjectJson({ name: 'p', services: { web: { mem_limit: 'lots' } } }),
    (err: unknown) =>
      err instanceof ModelError &&
      err.detail === "invalid size: 'lots'" &&
      err.path.join('.') === 'services.web.mem_limit',
  );
  assert.throws(
    () => marshalProjectJson({ name: 'p', services: { web: { stop_grace_period: '10' } } }),
    /missing unit in duration/,
  );
});

test('goJsonString escapes as Go encoding/json', () => {
  assert.equal(goJsonString('a<b>&c'), '"a\\u003cb\\u003e\\u0026c"');
  assert.equal(goJsonString('tab\tnl\n\u0001\u2028'), '"tab\\tnl\\n\\u0001\\u2028"');
  assert.equal(goJsonString('q"\\'), '"q\\"\\\\"');
  assert.equal(goJsonString('<x>', false), '"<x>"');
  assert.equal(goJsonString('plain é'), '"plain é"');
});

test('marshalModelJson sorts every mapping of an untyped model', () => {
  assert.equal(
    marshalModelJson({ services: { b: { image: '${IMG}' }, a: {} }, name: 'x' }),
    '{\n  "name": "x",\n  "services": {\n    "a": {},\n    "b": {\n      "image": "${IMG}"\n    }\n  }\n}',
  );
});
