// The histogram view's strings (part of the webview's DEFAULT_STRINGS; translated by the host like the others).

export const HISTOGRAM_STRINGS = {
  viewHistogram: 'Histogram',
  histBins: 'Bins',
  histLog: 'Log counts',
  histLabel: 'Histogram of the view ({bins} bins); move the pointer over a bar for its edges and count',
  histComputing: 'Computing the statistics of the view…',
  histProgress: 'Computing… {percent}%',
  histCancel: 'Cancel',
  histCancelled: 'Cancelled.',
  histCompute: 'Compute',
  histNone: 'No finite values to count.',
  histError: 'Could not compute the histogram: {message}',
  histSummary: '{count} finite values in {bins} bins',
  histWidened: 'numpy widened the range: every finite value is equal',
};
