import { ActionIcon, Button, Card, Checkbox, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import {
  conditionPath,
  MAX_CONDITIONS,
  newCondition,
  operatorsOf,
  OPERATORS,
  RULE_FIELDS,
  type ConditionDraft,
  type RuleDraft,
  type RuleFieldName,
} from './rule-language';

const FIELD_OPTIONS = (Object.keys(RULE_FIELDS) as RuleFieldName[]).map((value) => ({ value, label: RULE_FIELDS[value].label }));

/** What a value field asks for, by the field's type and the operator. */
function valueHint(c: ConditionDraft): string {
  const type = RULE_FIELDS[c.field].type;
  const one = type === 'timestamp' ? 'a UTC day, YYYY-MM-DD' : type === 'string' ? 'text' : 'a number';
  if (c.op === 'in' || c.op === 'notIn') return `Values, comma-separated (${one} each)`;
  if (c.op === 'between') return `Low, high (${one} each, both included)`;
  return `Value (${one})`;
}

/** The parts of a condition the server's refusals may name, each shown beside its field. */
export const CONDITION_PARTS = ['field', 'op', 'value', 'currency'] as const;

/**
 * The rule as conditions a person picks from lists: only the fields analytics knows and, for each,
 * only the operators it accepts. `errors` are the server's refusals by their path in the rule
 * (rule.all.1.value), each shown beside the part it names, with that path.
 */
export function RuleBuilder({
  draft,
  onChange,
  errors,
}: {
  draft: RuleDraft;
  onChange: (draft: RuleDraft) => void;
  errors: Record<string, string>;
}) {
  const set = (i: number, change: Partial<ConditionDraft>) =>
    onChange({ ...draft, conditions: draft.conditions.map((c, j) => (j === i ? { ...c, ...change } : c)) });
  return (
    <Stack gap="xs" role="group" aria-label="Rule">
      <Group gap="xs">
        <Text size="sm" id="rule-combinator">
          Customers that match
        </Text>
        <SegmentedControl
          aria-labelledby="rule-combinator"
          size="xs"
          value={draft.combinator}
          onChange={(v) => onChange({ ...draft, combinator: v })}
          data={[
            { value: 'all', label: 'all of' },
            { value: 'any', label: 'any of' },
          ]}
        />
      </Group>
      {draft.conditions.map((c, i) => {
        const at = conditionPath(draft, i);
        const n = i + 1;
        const errorOf = (part: string) => {
          const message = errors[`${at}.${part}`];
          return message ? `${at}.${part}: ${message}` : undefined;
        };
        return (
          <Card key={i} withBorder padding="xs" role="group" aria-label={`Condition ${n}`}>
            <Group align="start" wrap="wrap">
              <Select
                label={`Field of condition ${n}`}
                data={FIELD_OPTIONS}
                value={c.field}
                allowDeselect={false}
                onChange={(v) => {
                  if (!v) return;
                  const field = v;
                  // An operator the new field does not take goes back to "is".
                  set(i, { field, op: operatorsOf(field).includes(c.op) ? c.op : 'eq' });
                }}
                error={errorOf('field')}
              />
              <Select
                label={`Operator of condition ${n}`}
                data={operatorsOf(c.field).map((value) => ({ value, label: OPERATORS[value] }))}
                value={c.op}
                allowDeselect={false}
                onChange={(v) => v && set(i, { op: v, ...(v === 'isSet' ? { value: 'true' } : {}) })}
                error={errorOf('op')}
              />
              {c.op === 'isSet' ? (
                <Select
                  label={`Value of condition ${n}`}
                  data={[
                    { value: 'true', label: 'yes' },
                    { value: 'false', label: 'no' },
                  ]}
                  value={c.value === 'false' ? 'false' : 'true'}
                  allowDeselect={false}
                  onChange={(v) => v && set(i, { value: v })}
                  error={errorOf('value')}
                />
              ) : (
                <TextInput
                  label={`Value of condition ${n}`}
                  description={valueHint(c)}
                  value={c.value}
                  onChange={(e) => set(i, { value: e.currentTarget.value })}
                  error={errorOf('value')}
                  miw={260}
                />
              )}
              {'currency' in RULE_FIELDS[c.field] && (
                <TextInput
                  label={`Currency of condition ${n}`}
                  value={c.currency}
                  onChange={(e) => set(i, { currency: e.currentTarget.value.toUpperCase() })}
                  error={errorOf('currency')}
                  w={140}
                />
              )}
              <Checkbox
                mt={30}
                label="Not"
                aria-label={`Negate condition ${n}`}
                checked={c.negate}
                onChange={(e) => set(i, { negate: e.currentTarget.checked })}
              />
              <ActionIcon
                mt={28}
                variant="default"
                aria-label={`Remove condition ${n}`}
                onClick={() => onChange({ ...draft, conditions: draft.conditions.filter((_, j) => j !== i) })}
              >
                ×
              </ActionIcon>
            </Group>
          </Card>
        );
      })}
      <Group>
        <Button
          variant="default"
          size="xs"
          disabled={draft.conditions.length >= MAX_CONDITIONS}
          onClick={() => onChange({ ...draft, conditions: [...draft.conditions, newCondition()] })}
        >
          Add a condition
        </Button>
      </Group>
    </Stack>
  );
}
