/**
 * The engine worker: owns TensorFlow.js and its backend, and runs the ToyController on messages
 * from the UI. Everything interesting is in controller.ts; this file only wires it to the worker.
 */
import { setLogSoftmaxGradient } from '../../core/pag/logSoftmax';
import { ToyController } from './controller';
import { describeDevice } from '../../common/worker/deviceInfo';
import type { WorkerEvent } from '../contract/protocol';
import { browserSelectBackend, faultHost, now, poster, serve, sleep, yieldControl } from '../../common/worker/workerHost';

const post = poster<WorkerEvent>();

// The log-softmax gradient as float32 frameworks round it, like the CLI's default: the paper's
// numbers come from a float32 PyTorch run, and the toy's robustness depends on it (docs/numerics.md).
setLogSoftmaxGradient('textbook');

const controller = new ToyController({ post, selectBackend: browserSelectBackend, ...faultHost, describeDevice, now, yieldControl, sleep });

serve((data) => controller.handle(data), (where, message) => post({ type: 'error', where, message }));
