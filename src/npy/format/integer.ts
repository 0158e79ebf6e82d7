// Booleans and integers: exact, int64/uint64 without BigInt when the value fits a double exactly.

import { NpyError } from '../types';
import { int64Text, uint64Text } from './int64';

export function formatBoolAt(view: DataView, offset: number): string {
  return view.getUint8(offset) !== 0 ? 'True' : 'False';
}

export function formatIntAt(view: DataView, offset: number, itemsize: number, le: boolean): string {
  switch (itemsize) {
    case 1:
      return String(view.getInt8(offset));
    case 2:
      return String(view.getInt16(offset, le));
    case 4:
      return String(view.getInt32(offset, le));
    case 8:
      return int64Text(view, offset, le);
    default:
      throw new NpyError(`unsupported integer size: ${itemsize} bytes`);
  }
}

export function formatUintAt(view: DataView, offset: number, itemsize: number, le: boolean): string {
  switch (itemsize) {
    case 1:
      return String(view.getUint8(offset));
    case 2:
      return String(view.getUint16(offset, le));
    case 4:
      return String(view.getUint32(offset, le));
    case 8:
      return uint64Text(view, offset, le);
    default:
      throw new NpyError(`unsupported unsigned integer size: ${itemsize} bytes`);
  }
}
