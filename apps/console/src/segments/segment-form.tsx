import { Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../graphql/error-notice';
import { inputErrorsByPath } from '../graphql/errors';
import { CONDITION_PARTS, RuleBuilder } from './rule-builder';
import { conditionPath, newCondition, ruleDraft, ruleText, type RuleDraft } from './rule-language';

export interface SegmentDraft {
  name: string;
  description: string;
  rule: string;
}

/**
 * A segment's name, description and rule. The rule is drawn by the builder when it fits the
 * builder's shape (all or any of conditions), else edited as its JSON; either way the server checks
 * it, and its refusal shows beside the part of the rule it names.
 */
export function SegmentForm({
  initial,
  submitLabel,
  saving,
  error,
  onSave,
  onCancel,
}: {
  initial?: SegmentDraft;
  submitLabel: string;
  saving: boolean;
  error: unknown;
  onSave: (draft: SegmentDraft) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [builder, setBuilder] = useState<RuleDraft | null>(() =>
    initial ? ruleDraft(initial.rule) : { combinator: 'all', conditions: [newCondition()] },
  );
  const [json, setJson] = useState(initial?.rule ?? '');
  const errors = inputErrorsByPath(error);
  // The refusals the form shows beside a field; the notice says the others (a rule that is no list, a name in use).
  const beside = [
    'name',
    'description',
    ...(builder ? builder.conditions.flatMap((_, i) => CONDITION_PARTS.map((p) => `${conditionPath(builder, i)}.${p}`)) : []),
    ...(builder ? [] : Object.keys(errors).filter((f) => f === 'rule' || f.startsWith('rule.'))),
  ];
  const jsonError = builder ? undefined : Object.entries(errors).find(([f]) => f === 'rule' || f.startsWith('rule.'));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSave({ name: name.trim(), description: description.trim(), rule: builder ? ruleText(builder) : json });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Segment editor">
      <Stack>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
        />
        {builder ? (
          <RuleBuilder draft={builder} onChange={setBuilder} errors={errors} />
        ) : (
          <Textarea
            label="Rule (JSON)"
            description="This rule nests more than the builder draws: edit its JSON."
            autosize
            minRows={4}
            styles={{ input: { fontFamily: 'monospace' } }}
            value={json}
            onChange={(e) => setJson(e.currentTarget.value)}
            error={jsonError && `${jsonError[0]}: ${jsonError[1]}`}
          />
        )}
        <ErrorNotice error={error} skipFields={beside} domain={{ domain: 'marketing', access: 'write' }} />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Members are computed when the segment is saved, and kept current as customers change.
          </Text>
          <Group>
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
