import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProject } from '../model/decode.js';
import { applyProfiles, enableServices } from './profiles.js';

const tree = {
  services: {
    always: { image: 'a' },
    debug: { image: 'b', profiles: ['debug'] },
    tools: { image: 'c', profiles: ['debug', 'tools'] },
    other: { image: 'd', profiles: ['other'] },
  },
};

test('applyProfiles disables services whose profiles are not active', () => {
  const project = applyProfiles(decodeProject(tree), []);
  assert.deepEqual(Object.keys(project.services), ['always']);
  assert.deepEqual(Object.keys(project.disabledServices), ['debug', 'tools', 'other']);
});

test('applyProfiles enables services with an active profile, and all with *', () => {
  const tools = applyProfiles(decodeProject(tree), ['tools', '']);
  assert.deepEqual(Object.keys(tools.services), ['always', 'tools']);
  assert.deepEqual(tools.profiles, ['tools']);
  const all = applyProfiles(decodeProject(tree), ['*']);
  assert.deepEqual(Object.keys(all.services), ['always', 'debug', 'tools', 'other']);
});

test('enableServices activates the profiles of the named disabled services', () => {
  const project = enableServices(applyProfiles(decodeProject(tree), []), ['debug']);
  assert.deepEqual(Object.keys(project.services).sort(), ['always', 'debug', 'tools']);
  assert.deepEqual(project.profiles, ['debug']);
  assert.deepEqual(Object.keys(project.disabledServices), ['other']);
});
