/** What to do when an output file already exists: keep it and skip the input, replace it, or write `<name>_2…`. */
export type OnExists = 'skip' | 'overwrite' | 'rename'
