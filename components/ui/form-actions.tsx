import { Button } from './button';

type Words = { submit: string; submitting: string };

/** The words of a form that either creates something or saves the edit of it. */
export const createOrSave = (editing: boolean, create: string): Words =>
  editing ? { submit: 'Save changes', submitting: 'Saving…' } : { submit: create, submitting: 'Creating…' };

/** A form's submit button, which says so while the form is being sent, and its Cancel when the form can be left. */
export function FormActions({ pending, submit, submitting, onCancel }: Words & { pending: boolean; onCancel?: () => void }) {
  return (
    <div className="flex gap-2">
      <Button type="submit" disabled={pending}>
        {pending ? submitting : submit}
      </Button>
      {onCancel && (
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      )}
    </div>
  );
}
