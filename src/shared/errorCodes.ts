// What each surface adds to a coded engine error (NpyError.code, see src/npy/types.ts). The engine's message says
// what is wrong in terms of the operation's parameters; the remedy belongs to the surface: the CLI names a flag,
// the host names a setting or an action. One table, so a new code gets both remedies in one place.
import type { NpyErrorCode } from '../npy/types';

export interface HostRemedy {
  /** A setting that changes the outcome (`npyStudio.maxHeaderBytes`): the host may offer to open it. */
  setting?: string;
  /** Otherwise, English text for the host to localize (vscode.l10n.t) and append. */
  text?: string;
}

export interface Remedy {
  /** Appended by the CLI's error printer: `error: <message>; <cli>`. Null when there is nothing to add. */
  cli: string | null;
  host: HostRemedy | null;
}

export const ERROR_REMEDIES: Readonly<Record<NpyErrorCode, Remedy>> = {
  headerTooLarge: {
    cli: 'pass --max-header-size N to read it',
    host: { setting: 'npyStudio.maxHeaderBytes' },
  },
  targetExists: {
    cli: 'pass --force to overwrite',
    host: { text: 'choose another name, or confirm replacing the file' },
  },
  cancelled: { cli: null, host: null },
  rawSourceNeedsDtype: {
    cli: 'pass --dtype DESCR to append it as raw data',
    host: { text: 'give the dtype (`dtype` argument) to append it as raw data' },
  },
  trailingData: {
    cli: 'pass --allow-trailing to ignore them',
    host: { text: 'pass `allowTrailing: true` to ignore them' },
  },
};

/** The CLI's remedy for an error, if it is a coded NpyError with one. */
export function cliRemedy(code: NpyErrorCode | undefined): string | null {
  return code ? (ERROR_REMEDIES[code]?.cli ?? null) : null;
}

/** The host's remedy for an error, if it is a coded NpyError with one. */
export function hostRemedy(code: NpyErrorCode | undefined): HostRemedy | null {
  return code ? (ERROR_REMEDIES[code]?.host ?? null) : null;
}
