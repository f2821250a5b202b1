import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProject } from '../model/decode.js';
import { serviceHash } from '../model/service-hash.js';
import { configHash, serviceTree } from './service-tree.js';

// A canonical model tree as the loader produces it, touching every kind of field conversion.
const TREE = {
  name: 'demo',
  services: {
    web: {
      image: 'nginx:latest',
      command: ['nginx', '-g', 'daemon off;'],
      entrypoint: null,
      environment: { A: '1', EMPTY: null },
      ports: [
        { mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' },
      ],
      volumes: [
        { type: 'volume', source: 'data', target: '/data', volume: {} },
        {
          type: 'bind',
          source: '/srv',
          target: '/srv',
          read_only: true,
          bind: { create_host_path: true },
        },
        { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: 0o1777 } },
      ],
      healthcheck: { test: ['CMD-SHELL', 'true'], interval: '1m30s', timeout: '500ms', retries: 3 },
      stop_grace_period: '20s',
      ulimits: { nofile: { soft: 10, hard: 20 }, nproc: 65535 },
      extra_hosts: { 'db.local': ['10.0.0.1'] },
      deploy: {
        replicas: 2,
        resources: { limits: { cpus: '0.5', memory: '64m' } },
        restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: 3 },
      },
      networks: { front: { aliases: ['www'], ipv4_address: '10.1.0.5' }, default: null },
      depends_on: { db: { condition: 'service_healthy', required: true } },
      labels: { team: 'a' },
      mem_limit: '1g',
      shm_size: '2gb',
      cpuset: '0-1',
      dns_opt: ['use-vc'],
      domainname: 'example.com',
      secrets: [{ source: 'pw', target: '/run/secrets/pw', mode: 0o440 }],
      'x-custom': { any: 'thing' },
    },
    app: {
      build: { context: '/srv/app', dockerfile: 'Dockerfile', args: { V: '1' }, ssh: ['default'] },
      command: 'python app.py',
      entrypoint: null,
      networks: { default: null },
    },
  },
  networks: { front: {}, default: { name: 'demo_default' } },
  volumes: { data: {} },
  secrets: { pw: { file: '/srv/pw.txt' } },
};

describe('serviceTree', () => {
  it('serviceTree gives the same config hash as the loader tree', () => {
    const project = decodeProject(TREE, { name: 'demo' });
    for (const name of ['web', 'app']) {
      const expected = serviceHash(
        (TREE.services as Record<string, Record<string, unknown>>)[name],
        name,
      );
      assert.equal(configHash(project.services[name]), expected, name);
    }
  });

  it('serviceTree writes durations as Go text and keeps tree keys', () => {
    const project = decodeProject(TREE, { name: 'demo' });
    const tree = serviceTree(project.services.web);
    assert.equal(tree.stop_grace_period, '20000000000ns');
    assert.equal(tree.cpuset, '0-1');
    assert.deepEqual(tree.dns_opt, ['use-vc']);
    assert.deepEqual(tree.ulimits, { nofile: { soft: 10, hard: 20 }, nproc: 65535 });
    assert.deepEqual(tree['x-custom'], { any: 'thing' });
  });

  it('configHash changes with the configuration but not with scale or depends_on', () => {
    const project = decodeProject(TREE, { name: 'demo' });
    const web = project.services.web;
    const base = configHash(web);
    assert.match(base, /^[0-9a-f]{64}$/);
    assert.equal(configHash({ ...web, scale: 5, dependsOn: {} }), base);
    assert.notEqual(configHash({ ...web, image: 'nginx:alpine' }), base);
  });

  it('configHash applies the default platform to built services only', () => {
    const project = decodeProject(TREE, { name: 'demo' });
    assert.notEqual(
      configHash(project.services.app, 'linux/arm64'),
      configHash(project.services.app),
    );
    assert.equal(configHash(project.services.web, 'linux/arm64'), configHash(project.services.web));
  });
});
