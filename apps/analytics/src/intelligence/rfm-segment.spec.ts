import { rfmSegment } from './rfm-segment';

describe('RFM segments', () => {
  it.each([
    [5, 5, 5, 'Champions'],
    [5, 3, 2, 'Potential Loyalists'],
    [5, 1, 1, 'New Customers'],
    [4, 4, 5, 'Loyal Customers'],
    [4, 1, 1, 'Promising'],
    [3, 3, 3, 'Need Attention'],
    [3, 1, 2, 'About To Sleep'],
    [2, 5, 5, "Can't Lose Them"],
    [1, 4, 3, 'At Risk'],
    [2, 1, 1, 'Hibernating'],
    [1, 2, 2, 'Hibernating'],
    [1, 1, 1, 'Lost'],
  ])('R%i F%i M%i is %s', (r, f, m, segment) => {
    expect(rfmSegment(r, f, m)).toBe(segment);
  });
});
