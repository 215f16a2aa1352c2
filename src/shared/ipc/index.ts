export * from './contract'
export * from './validate'
export * from './wire'
export * from './build-api'
