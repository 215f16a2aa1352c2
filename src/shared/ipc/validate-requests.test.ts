import { describe, expect, it } from 'vitest'
import { validateInvoke } from './validate'

const badRequest = expect.objectContaining({ code: 'bad-request' })
const call = (channel: string, ...args: unknown[]): unknown[] => validateInvoke(channel, args).args

describe('validators of the restore, jobs, models and fine-tune channels', () => {
  it('accepts a full restore request and keeps only the fields that were set', () => {
    const request = { input: '/data/a.tif', modelId: 'default-sr2x', steps: 2, samples: 2, sampler: 'fast', seed: 7, roi: { x: 1, y: 2, width: 32, height: 16 }, plane: { c: 0, z: 3, t: 0 } }
    expect(call('restore:start', request)).toEqual([request])
    expect(call('restore:start', { input: '/a.tif' })).toEqual([{ input: '/a.tif' }])
  })

  it('refuses restore requests with bad or unknown fields, naming the field', () => {
    expect(() => call('restore:start', { input: '/a.tif', steps: 0 })).toThrow(/steps must be an integer from 1/)
    expect(() => call('restore:start', { input: '/a.tif', samples: 65 })).toThrow(badRequest)
    expect(() => call('restore:start', { input: '/a.tif', sampler: 'ddim' })).toThrow(/sampler must be one of fast, faithful/)
    expect(() => call('restore:start', { input: '/a.tif', roi: { x: -1, y: 0, width: 4, height: 4 } })).toThrow(/roi\.x/)
    expect(() => call('restore:start', { input: '/a.tif', roi: { x: 0, y: 0, width: 0, height: 4 } })).toThrow(/roi\.width/)
    expect(() => call('restore:start', { input: '/a.tif', stpes: 4 })).toThrow(/unknown field\(s\) stpes/)
    expect(() => call('restore:start', { input: '' })).toThrow(badRequest)
    expect(() => call('restore:start', { input: '/a\0.tif' })).toThrow(badRequest)
    expect(() => call('restore:start', { input: 'x'.repeat(5000) })).toThrow(badRequest)
    expect(() => call('restore:start', { input: '/a.tif', modelId: '../../etc' })).toThrow(/modelId must be an id/)
    expect(() => call('restore:start', null)).toThrow(badRequest)
    expect(() => call('restore:start')).toThrow(/takes 1 argument/)
  })

  it('accepts a batch request with partial options and checks inputs, options and shard', () => {
    const request = { inputs: ['/d'], outputDir: '/o', options: { modelId: 'm', steps: 3 }, recursive: true, onExists: 'rename', shard: { index: 1, count: 2 } }
    expect(call('jobs:enqueue', request)).toEqual([request])
    expect(() => call('jobs:enqueue', { ...request, inputs: [] })).toThrow(/inputs must be a list of 1/)
    expect(() => call('jobs:enqueue', { ...request, inputs: Array(10_001).fill('/a.tif') })).toThrow(badRequest)
    expect(() => call('jobs:enqueue', { ...request, options: { steps: 3 } })).toThrow(/options\.modelId/)
    expect(() => call('jobs:enqueue', { ...request, shard: { index: 2, count: 2 } })).toThrow(/shard\.index/)
    expect(() => call('jobs:enqueue', { ...request, onExists: 'replace' })).toThrow(/onExists/)
  })

  it('checks job ids, actions and positions', () => {
    expect(call('jobs:control', 'abc123', 'pause')).toEqual(['abc123', 'pause'])
    expect(() => call('jobs:control', 'abc123', 'delete')).toThrow(/one of pause, resume, cancel, retry/)
    expect(() => call('jobs:control', 'a/b', 'pause')).toThrow(badRequest)
    expect(call('jobs:move', 'abc', 0)).toEqual(['abc', 0])
    expect(() => call('jobs:move', 'abc', -1)).toThrow(badRequest)
    expect(() => call('jobs:move', 'abc', 1.5)).toThrow(badRequest)
    expect(() => call('jobs:list', 'x')).toThrow(/takes no arguments/)
  })

  it('checks model ids and paths', () => {
    expect(call('models:export', 'my-model_2', '/out')).toEqual(['my-model_2', '/out'])
    expect(() => call('models:remove', '..')).toThrow(badRequest)
    expect(() => call('models:remove', 'x'.repeat(129))).toThrow(badRequest)
    expect(() => call('models:import', 42)).toThrow(badRequest)
    expect(() => call('models:export', 'm')).toThrow(/takes 2 argument/)
  })

  it('checks fine-tune requests', () => {
    const request = { lowDir: '/l', highDir: '/h', name: 'lab-tuned', steps: 100, learningRate: 1e-4, validationFraction: 0.1, includeFlagged: false }
    expect(call('finetune:start', request)).toEqual([request])
    expect(() => call('finetune:start', { ...request, learningRate: 0 })).toThrow(/learningRate must be a number above 0/)
    expect(() => call('finetune:start', { ...request, validationFraction: 0.95 })).toThrow(badRequest)
    expect(() => call('finetune:start', { ...request, name: 'has space' })).toThrow(/name must be an id/)
    expect(() => call('finetune:start', { ...request, includeFlagged: 'yes' })).toThrow(/true or false/)
    expect(call('finetune:discover', '/l', '/h')).toEqual(['/l', '/h'])
    expect(call('dialog:pick-folder')).toEqual([])
  })
})
