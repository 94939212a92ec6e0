import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportWeights, importWeights, WeightsFormatError } from '../../../src/core/io/weights';
import { applyModel, initParamValues, makeVariables, type ModelSpec } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import { useCpu } from '../setup';

const mlp: ModelSpec = { kind: 'mlp', inputSize: 2, hidden: [32], numClasses: 2, activation: 'relu' };

describe('weights in the TensorFlow.js format', () => {
  beforeAll(useCpu);
  it('round-trips and the reloaded model predicts the same', async () => {
    const values = initParamValues(mlp, new Rng(4));
    const files = await exportWeights(mlp, values, { method: 'nn' });
    const json = JSON.parse(files.modelJson);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(json.userDefinedMetadata.method).toBe('nn');
    const back = importWeights(mlp, files.modelJson, files.weightsBin);
    const a = makeVariables(mlp, values);
    const b = makeVariables(mlp, back);
    const x = tf.randomNormal([16, 2]);
    expect(Array.from(applyModel(mlp, b, x).dataSync())).toEqual(Array.from(applyModel(mlp, a, x).dataSync()));
    tf.dispose([...Object.values(a), ...Object.values(b), x]);
  });

  const good = async () => exportWeights(mlp, initParamValues(mlp, new Rng(1)));
  it.each([
    ['not JSON', async () => ({ json: '{oops', bin: (await good()).weightsBin }), /not valid JSON/],
    ['no manifest', async () => ({ json: '{"a":1}', bin: (await good()).weightsBin }), /no weightsManifest/],
    ['another model', async () => {
      const f = await exportWeights({ ...mlp, hidden: [8] }, initParamValues({ ...mlp, hidden: [8] }, new Rng(1)));
      return { json: f.modelJson, bin: f.weightsBin };
    }, /different model \(MLP 2-8-2 relu\)/],
    ['a truncated binary', async () => { const f = await good(); return { json: f.modelJson, bin: f.weightsBin.subarray(0, 100) }; }, /weights.bin has 100 bytes/],
    ['a shape that is not a list of sizes', async () => {
      const f = await good();
      const j = JSON.parse(f.modelJson);
      j.weightsManifest[0].weights[0].shape = 'big';
      return { json: JSON.stringify(j), bin: f.weightsBin };
    }, /model.json is damaged: weightsManifest.0.weights.0.shape/],
    ['int32 parameters', async () => {
      const f = await good();
      const j = JSON.parse(f.modelJson);
      j.weightsManifest[0].weights[1].dtype = 'int32';
      return { json: JSON.stringify(j), bin: f.weightsBin };
    }, /dtype is not float32/],
    ['a CNN file into the MLP', async () => {
      const cnn: ModelSpec = { kind: 'cnn', inputShape: [32, 32, 3], channels: [4], numClasses: 2, activation: 'relu' };
      const f = await good();
      const j = JSON.parse(f.modelJson);
      j.userDefinedMetadata.spec = cnn;
      return { json: JSON.stringify(j), bin: f.weightsBin };
    }, /different model \(CNN 4 channels, 2 classes, relu\), not the current one \(MLP 2-32-2 relu\)/],
    ['a missing parameter (no spec to compare)', async () => {
      const f = await good();
      const j = JSON.parse(f.modelJson);
      delete j.userDefinedMetadata;
      j.weightsManifest[0].weights = j.weightsManifest[0].weights.slice(0, 3);
      return { json: JSON.stringify(j), bin: f.weightsBin };
    }, /no parameter "b2"/],
    ['NaN values', async () => { const f = await good(); const bin = f.weightsBin.slice(); new Float32Array(bin.buffer)[3] = NaN; return { json: f.modelJson, bin }; }, /NaN/],
  ])('rejects %s with a clear message', async (_what, make, msg) => {
    const { json, bin } = await make();
    expect(() => importWeights(mlp, json, bin)).toThrow(WeightsFormatError);
    expect(() => importWeights(mlp, json, bin)).toThrow(msg);
  });
});
