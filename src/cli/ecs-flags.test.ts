import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { register as registerConvert } from './commands/convert.js';
import { register as registerCost } from './commands/cost.js';
import { addEcsOptions, ecsSettings, type EcsFlags } from './ecs-flags.js';

const SHARED = ['--arch', '--ebs', '--ebs-size', '--region', '--hours'];

test('ecs-flags: convert and cost declare the shared ECS flags alike, convert marking them ecs:', () => {
  const program = new Command();
  registerConvert(program);
  registerCost(program);
  const [convert, cost] = ['convert', 'cost'].map((name) =>
    program.commands.find((c) => c.name() === name)!,
  );
  for (const flag of SHARED) {
    const a = convert.options.find((o) => o.long === flag);
    const b = cost.options.find((o) => o.long === flag);
    assert.ok(a && b, flag);
    assert.equal(a.flags, b.flags, flag);
    assert.deepEqual(a.defaultValue, b.defaultValue, flag);
    assert.match(a.description, /^ecs: /, flag);
    assert.equal(a.description.slice('ecs: '.length).toLowerCase(), b.description.toLowerCase());
  }
});

test('ecs-flags: ecsSettings reads the defaults and names a bad flag with its value', () => {
  const command = addEcsOptions(new Command()).exitOverride();
  command.parse(['--ebs', 'db', '--ebs', 'cache', '--hours', '1.5'], { from: 'user' });
  assert.deepEqual(ecsSettings(command.opts<EcsFlags>()), {
    arch: 'x86_64',
    ebsVolumes: ['db', 'cache'],
    ebsSizeGiB: 20,
    region: 'us-east-1',
    hours: 1.5,
  });
  const flags: EcsFlags = { arch: 'x86_64', ebsSize: '20', region: 'us-east-1', hours: '730' };
  assert.throws(() => ecsSettings({ ...flags, arch: 'ppc' }), /--arch "ppc": use x86_64 or arm64/);
  assert.throws(() => ecsSettings({ ...flags, ebsSize: '2.5' }), /--ebs-size "2.5": write a whole/);
  assert.throws(() => ecsSettings({ ...flags, hours: '-1' }), /--hours "-1": write a number >= 0/);
});
