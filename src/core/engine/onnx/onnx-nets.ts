/**
 * The CVDM image networks on onnxruntime-node (CPU): the denoiser and, for learned schedules, the schedule U-Net,
 * exported from a built model's weights (./export-nets) into in-memory ONNX sessions. Inference only: the weights
 * are a snapshot taken at {@link OnnxNets.create}.
 */
import { CodedError } from '../../../shared/errors'
import { hasLearnedSchedule } from '../config/model-config'
import type { CvdmModel } from '../model/cvdm-model'
import { tf } from '../tf'
import { exportDenoiser, exportScheduleNet, ONNX_NAMES } from './export-nets'
import type { InferenceNets } from './inference-nets'
import { loadOrt, type OrtModule, type OrtSession } from './ort-loader'

/** Options of {@link OnnxNets.create}. */
export interface OnnxNetsOptions {
  /** onnxruntime intra-op threads (≥ 1). */
  threads: number
  /**
   * Let idle intra-op threads spin-wait for the next op (onnxruntime's default). Default false: between network
   * calls the restore runs tfjs and JS work on the same cores, and on a shared 2-core machine spinning threads took
   * that time (bench/RESULTS.md, [C] onnxruntime section).
   */
  spinning?: boolean
}

/** Short form of an onnxruntime version for labels: `1.30.0` → `1.30`. */
export function shortVersion(version: string): string {
  return version.split('.').slice(0, 2).join('.')
}

/** A model's networks on onnxruntime. */
export class OnnxNets implements InferenceNets {
  readonly name: string

  private constructor(
    private readonly ort: OrtModule,
    readonly version: string,
    readonly threads: number,
    private readonly denoiser: OrtSession,
    private readonly scheduleNet: OrtSession | undefined,
    private readonly channels: number
  ) {
    this.name = `onnxruntime ${shortVersion(version)} (${threads} thread${threads === 1 ? '' : 's'})`
  }

  /**
   * Exports the model's networks and opens one session per network (graph optimizations 'all', sequential).
   * @throws CodedError `backend-unavailable` ("onnx unavailable: …") when onnxruntime-node can't load;
   *   `bad-model` when a weight is missing; `internal` when onnxruntime rejects the graph
   */
  static async create(model: CvdmModel, options: OnnxNetsOptions): Promise<OnnxNets> {
    const loaded = loadOrt()
    if (!loaded.ok) throw new CodedError('backend-unavailable', loaded.reason)
    const threads = Math.max(1, Math.floor(options.threads))
    const weights = await model.params.toArrays()
    const session = async (bytes: Uint8Array): Promise<OrtSession> => {
      try {
        return await loaded.ort.InferenceSession.create(bytes, {
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
          extra: { session: { intra_op: { allow_spinning: options.spinning ? '1' : '0' } } }
        })
      } catch (error) {
        throw new CodedError('internal', `onnxruntime rejected the exported network: ${(error as Error).message}`, { cause: error })
      }
    }
    const denoiser = await session(exportDenoiser(model.config, weights))
    const schedule = hasLearnedSchedule(model.config) ? await session(exportScheduleNet(model.config, weights)) : undefined
    return new OnnxNets(loaded.ort, loaded.version, threads, denoiser, schedule, model.config.channels)
  }

  /** See {@link InferenceNets.rate}; ones without a schedule network. */
  async rate(x: tf.Tensor4D): Promise<tf.Tensor4D> {
    const [b, h, w] = x.shape
    if (!this.scheduleNet) return tf.ones([b, h, w, this.channels])
    const names = ONNX_NAMES.scheduleNet
    return this.run(this.scheduleNet, { [names.x]: x }, names.out)
  }

  /** See {@link InferenceNets.denoise}. */
  async denoise(z: tf.Tensor4D, x: tf.Tensor4D, gamma: tf.Tensor4D): Promise<tf.Tensor4D> {
    const names = ONNX_NAMES.denoiser
    return this.run(this.denoiser, { [names.z]: z, [names.x]: x, [names.gamma]: gamma }, names.out)
  }

  /** Releases the sessions. */
  async dispose(): Promise<void> {
    await this.denoiser.release()
    await this.scheduleNet?.release()
  }

  private async run(session: OrtSession, inputs: Record<string, tf.Tensor4D>, output: string): Promise<tf.Tensor4D> {
    const feeds: Record<string, InstanceType<OrtModule['Tensor']>> = {}
    for (const [name, t] of Object.entries(inputs)) feeds[name] = new this.ort.Tensor('float32', (await t.data()) as Float32Array, t.shape)
    const result = await session.run(feeds)
    const out = result[output]
    const [b, h, w, c] = out.dims
    // Output data is a JS-owned Float32Array (CPU provider): tfjs may keep it (cpu backend) or copy it (wasm).
    return tf.tensor4d(out.data as Float32Array, [b, h, w, c])
  }
}
