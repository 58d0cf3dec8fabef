import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { SEVERITIES, type Severity } from '../../../../shared/src/model/severity.js';

/** The text filter of a table. Neither auto-focused nor bound to Ctrl/Cmd+F: those are the host list's. */
export function TextFilter({
  value,
  onChange,
  label,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly label: string;
}): React.ReactElement {
  const { SearchInput } = Renderer.Component;
  return (
    <SearchInput
      compact
      autoFocus={false}
      bindGlobalFocusHotkey={false}
      aria-label={label}
      placeholder={label}
      value={value}
      onChange={(text) => onChange(text)}
      onClear={() => onChange('')}
    />
  );
}

/** Any value, as a choice of a {@link ChoiceFilter}. */
const ANY = '';

/**
 * One of a filter's values, or any: the filters of policy-reporter (result, severity, category,
 * source) and the severity of every tab.
 */
export function ChoiceFilter<T extends string>({
  label,
  anyLabel,
  value,
  options,
  optionLabel = (v) => v,
  onChange,
}: {
  readonly label: string;
  readonly anyLabel: string;
  readonly value: T | undefined;
  readonly options: readonly T[];
  readonly optionLabel?: (value: T) => string;
  readonly onChange: (value: T | undefined) => void;
}): React.ReactElement {
  const { Select } = Renderer.Component;
  const choices = [
    { value: ANY as T | typeof ANY, label: anyLabel },
    ...options.map((o) => ({ value: o, label: optionLabel(o) })),
  ];
  return (
    <Select
      id={`trivy-findings-${label.toLowerCase().replace(/\W+/g, '-')}`}
      className="TrivyFindingsFilter"
      aria-label={label}
      value={value ?? ANY}
      options={choices}
      onChange={(choice) => onChange(!choice || choice.value === ANY ? undefined : (choice.value as T))}
    />
  );
}

/** The severity filter of the tabs: one severity, or all. */
export function SeverityFilter({
  value,
  onChange,
}: {
  readonly value: Severity | undefined;
  readonly onChange: (value: Severity | undefined) => void;
}): React.ReactElement {
  return (
    <ChoiceFilter<Severity>
      label="Severity"
      anyLabel="All severities"
      value={value}
      options={SEVERITIES}
      onChange={onChange}
    />
  );
}

/** A yes/no filter, as the hosts draw one. */
export function FlagFilter({
  label,
  value,
  onChange,
}: {
  readonly label: string;
  readonly value: boolean;
  readonly onChange: (value: boolean) => void;
}): React.ReactElement {
  const { Checkbox } = Renderer.Component;
  return <Checkbox inline label={label} value={value} onChange={(checked) => onChange(checked)} />;
}

/** The filters of a tab, on one line above its table. */
export function FilterBar({ children }: { readonly children: React.ReactNode }): React.ReactElement {
  return (
    <div
      className="TrivyFindingsFilters flex gaps align-center"
      style={{ flexWrap: 'wrap', margin: '8px 0' }}
    >
      {children}
    </div>
  );
}
