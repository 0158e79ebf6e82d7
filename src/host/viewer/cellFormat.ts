// The one place the host reaches the engine's value formatter (numpy's str/repr of one scalar).
import { formatScalar } from '../../npy/format';
import type { CellFormatter } from './handlers/copy';

export const formatCell: CellFormatter = (dtype, view, offset, style) => formatScalar(dtype, view, offset, style);
