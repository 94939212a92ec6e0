import { beforeAll, describe, expect, it } from 'vitest';
import { checkRunSettings, CIFAR_LAB_DEFAULTS, convOf } from '../../../src/cifar/contract/settings';
import { cifarSettingsFromRecord } from '../../../src/cifar/page/persist/runStore';
import { CIFAR_LINK } from '../../../src/cifar/page/share/cifarLink';
import { decodeWith } from '../../../src/common/share/linkCodec';
import { harness, TINY } from './cifarHarness';
import { useCpu } from '../setup';

/** The CIFAR Lab's numerics switch (the convolution form) is a run setting. */
describe('CIFAR Lab numerics as run settings', () => {
  beforeAll(useCpu);

  it("'auto' (the default, and absent) is the backend's form; a named form is kept", () => {
    expect(CIFAR_LAB_DEFAULTS.conv).toBe('auto');
    expect(convOf({ conv: 'auto' }, 'matmul')).toBe('matmul');
    expect(convOf({}, 'native')).toBe('native');
    expect(convOf({ conv: 'native' }, 'matmul')).toBe('native');
    expect(checkRunSettings({ ...CIFAR_LAB_DEFAULTS, conv: 'fft' as never })).toEqual(['convolution: auto, native or matmul']);
  });

  it('links carry it (conv); saved runs keep it, and one saved before it existed reopens with auto', () => {
    expect(decodeWith(CIFAR_LINK, 'conv=matmul').values.conv).toBe('matmul');
    expect(decodeWith(CIFAR_LINK, 'seed=2').values.conv).toBe('auto');
    expect(decodeWith(CIFAR_LINK, 'conv=fft').errors.join()).toMatch(/Convolution form \(conv\): "fft" is not one of auto, native, matmul/);
    const { conv: _c, ...old } = CIFAR_LAB_DEFAULTS;
    expect(cifarSettingsFromRecord(old as Record<string, unknown>)).toMatchObject({ ok: true, value: { conv: 'auto' } });
    expect(cifarSettingsFromRecord({ ...CIFAR_LAB_DEFAULTS, conv: 'native' })).toMatchObject({ ok: true, value: { conv: 'native' } });
  });

  it("the worker announces the backend's form before a run, then builds each run with its own", async () => {
    const h = harness();
    await h.start({ ...TINY, conv: 'native' });
    // cpu: the matMul form for a run on 'auto'; this run asked for tf.conv2d.
    expect(h.of('backend')[0]).toMatchObject({ backend: 'cpu', conv: 'matmul' });
    expect(h.of('ready')).toHaveLength(1);
    expect(h.last('ready')!.settings.conv).toBe('native');
    h.c.dispose();
  });
});
