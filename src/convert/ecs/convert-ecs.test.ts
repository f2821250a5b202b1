// The ECS converter's choices: task sizes, EBS only where asked and possible, --strict, the
// architecture, and nothing secret in the template.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ComposeError } from '../../api/errors.js';
import { convertEcsFixture } from './ecs.fixture.js';
import { fargateSize, isFargateSize } from './fargate-size.js';

describe('convert --to ecs', () => {
  test('fargateSize: the smallest accepted size that holds the request', () => {
    assert.deepEqual(fargateSize(0, 0), { cpu: 256, memory: 512 });
    assert.deepEqual(fargateSize(1536, 512), { cpu: 2048, memory: 4096 });
    assert.deepEqual(fargateSize(256, 3000), { cpu: 512, memory: 3072 });
    assert.deepEqual(fargateSize(8192, 20000), { cpu: 8192, memory: 20480 });
    assert.equal(fargateSize(16384, 200000), undefined);
    assert.ok(isFargateSize({ cpu: 1024, memory: 5120 }));
    assert.ok(!isFargateSize({ cpu: 256, memory: 4096 }));
  });

  test('convert --to ecs: deploy.resources.limits give the task size, replicas the count', async () => {
    const result = await convertEcsFixture('webapp-postgres-redis');
    const td = result.template!.Resources.WebTaskDefinition.Properties;
    // limits 1.5 CPUs / 512M: 2 vCPU, whose smallest memory is 4 GB.
    assert.equal(td.Cpu, '2048');
    assert.equal(td.Memory, '4096');
    // compose.prod.yaml sets 4 replicas; compose.staging.yaml gives db a 1G limit.
    assert.equal(result.template!.Resources.WebService.Properties.DesiredCount, 4);
    const web = result.report.services.find((s) => s.service === 'web')!;
    assert.match(web.workload!.reason, /4 Fargate tasks of 2 vCPU \/ 4 GB/);
    const db = result.template!.Resources.DbTaskDefinition.Properties;
    assert.deepEqual([db.Cpu, db.Memory], ['256', '1024']);
  });

  test('convert --to ecs --arch arm64 writes ARM64 tasks', async () => {
    const result = await convertEcsFixture('nginx', { arch: 'arm64' });
    const td = result.template!.Resources.WebServerTaskDefinition.Properties;
    assert.deepEqual(td.RuntimePlatform, {
      CpuArchitecture: 'ARM64',
      OperatingSystemFamily: 'LINUX',
    });
  });

  test('convert --to ecs --ebs: an ECS-managed EBS volume for a one-task service', async () => {
    const result = await convertEcsFixture('flask-redis', { ebsVolumes: ['redis_data'] });
    const t = result.template!;
    assert.equal(t.Resources.FileSystem, undefined, 'no EFS file system when no volume is on EFS');
    const volumes = t.Resources.RedisTaskDefinition.Properties.Volumes;
    assert.deepEqual(volumes, [{ Name: 'RedisData', ConfiguredAtLaunch: true }]);
    const configs = t.Resources.RedisService.Properties.VolumeConfigurations as { Name: string }[];
    assert.equal(configs[0].Name, 'RedisData');
    const entry = result.report.resources.find((e) => e.path === 'volumes.redis_data')!;
    assert.equal(entry.outcome, 'approximated');
    assert.match(entry.reason, /deletes it when its task stops/);
  });

  test('convert --to ecs --ebs refuses a volume that more than one task would mount', async () => {
    await assert.rejects(
      convertEcsFixture('webapp-postgres-redis', { ebsVolumes: ['nope'] }),
      /--ebs nope: no such named volume/,
    );
    await assert.rejects(
      convertEcsFixture('shared-volume', { ebsVolumes: ['uploads'] }),
      (err: unknown) => {
        assert.ok(err instanceof ComposeError);
        assert.equal(err.code, 'USAGE');
        assert.match(
          err.message,
          /--ebs uploads: .*uploader, thumbnailer would run several services on it/,
        );
        return true;
      },
    );
  });

  test('convert --to ecs --strict fails, naming the dropped fields, when something is dropped', async () => {
    await assert.rejects(convertEcsFixture('secrets-configs', { strict: true }), (err: unknown) => {
      assert.ok(err instanceof ComposeError);
      assert.equal(err.code, 'CONVERT');
      assert.match(err.message, /configs\.nginx_conf: ECS has no configs/);
      return true;
    });
    await convertEcsFixture('wordpress-mysql', { strict: true });
  });

  test("convert --to ecs never writes a secret's content, and the report holds no value", async () => {
    const result = await convertEcsFixture('secrets-configs');
    const text = result.files[0].content + JSON.stringify(result.report);
    // ../kubernetes/testdata/secrets-configs/secrets/db_root_password.txt
    assert.ok(!text.includes('db-root-password-from-file'), 'a secret file content leaked');
    const report = JSON.stringify(result.report);
    assert.ok(!report.includes('somewordpress'));
    assert.match(result.files[0].content, /ValueFrom:\n\s+Ref: DbRootPasswordSecretArn/);
  });

  test('convert --to ecs --json writes template.json', async () => {
    const result = await convertEcsFixture('nginx', { json: true });
    assert.equal(result.files[0].path, 'template.json');
    assert.deepEqual(JSON.parse(result.files[0].content), result.template);
  });
});
