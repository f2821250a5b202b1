import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExpose } from './convert.js';

test('parseExpose reads [SERVICE=]MODE and ingress:HOST', () => {
  assert.deepEqual(parseExpose(['nodeport', 'web=ingress:shop.example.com', 'db=loadbalancer']), [
    { service: undefined, mode: 'nodeport' },
    { service: 'web', mode: 'ingress', host: 'shop.example.com' },
    { service: 'db', mode: 'loadbalancer' },
  ]);
  assert.throws(() => parseExpose(['ingress']), /ingress:HOST/);
  assert.throws(() => parseExpose(['web=clusterip']), /nodeport, loadbalancer, hostport/);
});
