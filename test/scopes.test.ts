import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile, Scopes } from '../src/core/syntax';

test('a block that declares a name the function has makes another variable, inside the block only', async () => {
  const text = [
    'void f(struct dev *dev)',
    '{',
    '\tstruct peer *peer = dev->first;',
    '\tint i;',
    '',
    '\tif (dev->n) {',
    '\t\tstruct peer *peer;',
    '',
    '\t\tpeer = dev->peers;',
    '\t}',
    '\tfor (int i = 0; i < 4; i++)',
    '\t\tuse(i);',
    '\tuse(peer);',
    '}',
    '',
  ].join('\n');
  const file = await parseFile('scopes.c', text);
  const fn = file.functions[0];
  const scopes = Scopes.of(fn.body, text);
  const at = (needle: string, from = 0) => text.indexOf(needle, from);
  const inner = at('peer = dev->peers');
  const after = at('use(peer)');
  const before = at('peer = dev->first');
  assert.equal(scopes.same('peer', inner, after), false, 'the block\'s peer is not the one used after the block');
  assert.equal(scopes.same('peer', before, after), true, 'the function\'s own peer, before and after the block');
  assert.equal(scopes.same('peer', inner, inner + 4), true);
  // The loop's own i lives in the loop only.
  assert.equal(scopes.same('i', at('use(i)'), at('int i;')), false);
  // A name no block declares is the same everywhere.
  assert.equal(scopes.same('dev', 0, text.length - 1), true);
});
