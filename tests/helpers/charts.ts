/** The default pack's palette, for chart tests that build configurations without loading a pack. */
export const palette = {
  green: '#009E73',
  amber: '#E69F00',
  red: '#D55E00',
  none: '#8A94A3',
  noData: '#5B6673',
  improving: '#007A5E',
  declining: '#B84A00',
  neutral: '#5B6673',
  text: '#1F2933',
  muted: '#5B6673',
  accent: '#1D4E89',
  rule: '#C9D1DA',
  headerFill: '#E6EDF5',
  stripe: '#F5F7FA',
  benchmark: ['#0072B2'],
};
