'use client';

import { useEffect, useEffectEvent, useState } from 'react';
import type { FieldError } from '@/lib/errors';
import { ApiError } from '@/components/data/api';
import { fieldId } from './field';

/** `skills[2]` and `address.city` belong to the form field `skills` and `address`. */
export const baseField = (field: string) => field.replace(/[[.].*$/, '');

type Options = {
  /** The form's fields, in order: the first with an error gets the focus; errors on others are listed apart. */
  fields: readonly string[];
  /** The form field an error's `field` belongs to. */
  fieldOf?: (field: string) => string;
  /** The element to focus for a field (by default the control with the field's id). */
  target?: (name: string) => HTMLElement | null;
};

/**
 * A form's errors, from the browser's own check or the API's answer: each shown on its field,
 * focus on the first, the rest (and a message about no field) summed up by FormProblem.
 */
export function useFieldErrors({ fields, fieldOf = baseField, target = (name) => document.getElementById(fieldId(name)) }: Options) {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [focusOn, setFocusOn] = useState<{ name: string } | null>(null);

  // Only a new focus request moves the focus (after the render that marks the field invalid); the
  // lookup, a new function on each render, is no reason to move it again.
  const focusField = useEffectEvent((name: string) => target(name)?.focus());
  useEffect(() => {
    if (focusOn) focusField(focusOn.name);
  }, [focusOn]);

  function show(found: FieldError[], message: string | null) {
    setErrors(found);
    setProblem(message);
    const first = fields.find((name) => found.some((e) => fieldOf(e.field) === name));
    if (first) setFocusOn({ name: first });
  }

  return {
    errors,
    problem,
    show,
    /** An API refusal: its field errors when it names fields, else its message. */
    showRefusal: (error: Error) => (error instanceof ApiError && error.details.length > 0 ? show(error.details, null) : show([], error.message)),
    /** A field was edited: its errors are gone. */
    clear: (name: string) => setErrors((current) => current.filter((e) => fieldOf(e.field) !== name)),
    errorOf: (name: string) =>
      errors
        .filter((e) => fieldOf(e.field) === name)
        .map((e) => e.message)
        .join(' ') || undefined,
    unplaced: errors.filter((e) => !fields.includes(fieldOf(e.field))),
  };
}
