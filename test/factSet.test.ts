/** The ways a path reached a point, kept apart (factSet.ts): what each knows, merged and bounded. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FactSet } from '../src/core/locks/factSet';

const fact = (value: boolean, ...deps: string[]) => ({ value, deps });
const never = () => 0;

test('two ways kept apart answer a later test each: an answer neither allows is no path', () => {
  const viaFirst = FactSet.empty();
  assert.ok(viaFirst.assume('a == X', fact(true, 'a')));
  const viaSecond = FactSet.empty();
  assert.ok(viaSecond.assume('a == X', fact(false, 'a')));
  assert.ok(viaSecond.assume('b == X', fact(true, 'b')));
  assert.equal(viaFirst.mergeFrom(viaSecond, never), true, 'the merge knows less than either');
  assert.equal(viaFirst.get('a == X'), undefined, 'the ways disagree on a');
  const neither = viaFirst.clone();
  assert.ok(neither.assume('b == X', fact(false, 'b')), 'b false: the first way allows it');
  assert.equal(neither.get('a == X')?.value, true, 'and then a was true');
  assert.equal(neither.assume('a == X', fact(false, 'a')), false, 'a false too: no way allows it');
});

test('a merge of what is already covered changes nothing; a write forgets what it touches in every way', () => {
  const s = FactSet.empty();
  s.assume('a == X', fact(true, 'a'));
  s.assume('n > 0', fact(true, 'n'));
  const narrower = s.clone();
  narrower.assume('m', fact(false, 'm'));
  assert.equal(s.mergeFrom(narrower, never), false);
  s.forget((_k, f) => f.deps.includes('n'));
  assert.equal(s.get('n > 0'), undefined);
  assert.equal(s.get('a == X')?.value, true);
});

test('past four ways, a merge keeps only the answers to tests that decide a lock, then only the common ones', () => {
  const ways = [0, 1, 2, 3, 4].map((i) => {
    const w = FactSet.empty();
    w.assume('locked', fact(i % 2 === 0, 'x'));
    w.assume(`ret${i}`, fact(true, 'ret'));
    w.assume('always', fact(true, 'y'));
    return w;
  });
  const kept = ways[0].clone();
  for (const w of ways.slice(1)) kept.mergeFrom(w, (key) => (key === 'locked' ? 1 : 0));
  assert.equal(kept.get('always')?.value, true, 'what all agree on stays');
  assert.equal(kept.get('ret0'), undefined);
  const onlyLocked = kept.clone();
  assert.ok(onlyLocked.assume('locked', fact(true, 'x')));
  const unlocked = kept.clone();
  assert.ok(unlocked.assume('locked', fact(false, 'x')), 'both answers to the deciding test remain possible');
  const common = ways[0].clone();
  for (const w of ways.slice(1)) common.mergeFrom(w, never);
  assert.equal(common.get('always')?.value, true);
  assert.equal(common.get('locked'), undefined);
});
