import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceEndpoint } from './endpoint.js';
import { Issues, SpecError } from './issues.js';
import { testService } from './stack.fixture.js';

test('serviceEndpoint sorts ports and keeps their publish mode and protocol', () => {
  const issues = new Issues();
  const s = testService('web', {
    deploy: { endpointMode: 'dnsrr', resources: {}, placement: {} },
    ports: [
      { target: 81, published: '9001', mode: 'host', protocol: 'udp' },
      { target: 80, published: '9000', mode: 'host', protocol: 'tcp', name: 'http' },
      { target: 80, mode: 'host' },
    ],
  });
  assert.deepEqual(serviceEndpoint(s, issues), {
    Mode: 'dnsrr',
    Ports: [
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 0, PublishMode: 'host' },
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 9000, PublishMode: 'host', Name: 'http' },
      { Protocol: 'udp', TargetPort: 81, PublishedPort: 9001, PublishMode: 'host' },
    ],
  });
  assert.deepEqual(issues.list, []);
});

test('serviceEndpoint refuses an ingress port on a dnsrr service, naming the port', () => {
  const s = testService('web', {
    deploy: { endpointMode: 'dnsrr', resources: {}, placement: {} },
    ports: [{ target: 80, published: '8080', mode: 'ingress' }],
  });
  assert.throws(
    () => serviceEndpoint(s, new Issues()),
    (err: unknown) =>
      err instanceof SpecError &&
      err.path.join('.') === 'services.web.ports.0.mode' &&
      /ingress mode.*dnsrr.*mode: host/.test(err.message),
  );
});

test('serviceEndpoint warns for host_ip and for a published range it cannot honour', () => {
  const issues = new Issues();
  const s = testService('web', {
    ports: [
      { target: 80, published: '8000-8010', mode: 'ingress' },
      { target: 81, published: '8081', hostIp: '127.0.0.1', mode: 'ingress' },
    ],
  });
  const e = serviceEndpoint(s, issues);
  assert.equal(e.Ports?.[0].PublishedPort, 8000);
  assert.deepEqual(
    issues.list.map((i) => [i.kind, i.path.join('.')]),
    [
      ['unsupported', 'services.web.ports.0.published'],
      ['unsupported', 'services.web.ports.1.host_ip'],
    ],
  );
});
