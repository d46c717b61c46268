import { LeadStatus } from './lead.enums';
import { leadTransitionRefusal } from './lead-transitions';

describe('leadTransitionRefusal', () => {
  it.each([
    [LeadStatus.NEW, LeadStatus.CONTACTED],
    [LeadStatus.CONTACTED, LeadStatus.QUALIFIED],
    [LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED],
    [LeadStatus.UNQUALIFIED, LeadStatus.RECYCLED],
    [LeadStatus.RECYCLED, LeadStatus.QUALIFIED],
  ])('allows %s → %s', (from, to) => {
    expect(leadTransitionRefusal(from, to)).toBeNull();
  });

  it('refuses every move of a converted lead', () => {
    for (const to of Object.values(LeadStatus)) {
      expect(leadTransitionRefusal(LeadStatus.CONVERTED, to)).toBe('the lead is converted and cannot move');
    }
  });

  it('sends CONVERTED to convertLead, and names where a lead can go', () => {
    expect(leadTransitionRefusal(LeadStatus.QUALIFIED, LeadStatus.CONVERTED)).toBe('a lead becomes CONVERTED only through convertLead');
    expect(leadTransitionRefusal(LeadStatus.UNQUALIFIED, LeadStatus.QUALIFIED)).toBe(
      'moving a lead from UNQUALIFIED to QUALIFIED is not allowed; from UNQUALIFIED it can move to RECYCLED',
    );
    expect(leadTransitionRefusal(LeadStatus.CONTACTED, LeadStatus.CONTACTED)).toMatch(/already CONTACTED/);
    expect(leadTransitionRefusal(LeadStatus.CONTACTED, LeadStatus.NEW)).not.toBeNull();
  });
});
