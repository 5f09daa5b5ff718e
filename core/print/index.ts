export { formatTensor, formatSize, formatDtype, DEFAULT_PRINT_OPTIONS } from './tensor_str';
export type { PrintableTensor, PrintOptions, PrintDType } from './tensor_str';
export {
  pyFloatRepr, pyIntRepr, pyBoolRepr, pyStrRepr, pySequenceRepr, PY_NONE_REPR,
  formatSpec, PyFormatError, UnsupportedFormatSpecError,
} from './py_repr';
