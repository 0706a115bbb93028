'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { label as words } from '@/components/ui/labels';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-error';
import { Table, columns } from '@/components/ui/table';
import { customFieldEntities, type CustomFieldEntity, type CustomFieldJson } from '@/lib/custom-fields/schema';
import { useCustomFieldDefinitions, useDeleteCustomField, useMoveCustomFields } from '@/components/data/custom-fields';
import { CustomFieldForm, entityNames } from './custom-field-form';
import { moveRequests } from './reorder';

type Panel = { kind: 'new'; entity: CustomFieldEntity } | { kind: 'edit'; definition: CustomFieldJson } | null;

/** Admin → Settings → Custom fields: the fields tickets and customers carry, in the order forms show them. */
export function CustomFieldSettings() {
  const [panel, setPanel] = useState<Panel>(null);
  return (
    <section aria-labelledby="custom-fields-title" className="max-w-5xl">
      <h1 id="custom-fields-title" className="text-xl font-semibold">
        Custom fields
      </h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Extra fields on tickets and customers, shown in the ticket’s Properties panel and the customer form in this order, and set through the API by their key.
      </p>
      {panel?.kind === 'new' && <CustomFieldForm key={`new-${panel.entity}`} entity={panel.entity} onDone={() => setPanel(null)} />}
      {panel?.kind === 'edit' && (
        <CustomFieldForm key={panel.definition.id} definition={panel.definition} entity={panel.definition.entity} onDone={() => setPanel(null)} />
      )}
      {customFieldEntities.map((entity) => (
        <EntityFields
          key={entity}
          entity={entity}
          onNew={() => setPanel({ kind: 'new', entity })}
          onEdit={(definition) => setPanel({ kind: 'edit', definition })}
        />
      ))}
    </section>
  );
}

function EntityFields({ entity, onNew, onEdit }: { entity: CustomFieldEntity; onNew: () => void; onEdit: (definition: CustomFieldJson) => void }) {
  const definitions = useCustomFieldDefinitions(entity);
  const [confirming, setConfirming] = useState<CustomFieldJson | null>(null);
  const [problem, setProblem] = useState<{ id: number; message: string } | null>(null);
  const titleId = `${entity}-fields-title`;
  const list = definitions.data ?? [];

  const moves = useMoveCustomFields({ onMutate: () => setProblem(null) });
  const move = {
    isPending: moves.isPending,
    mutate: (change: { id: number; direction: -1 | 1 }) =>
      moves.mutate(
        moveRequests(
          list,
          list.findIndex((d) => d.id === change.id),
          change.direction,
        ),
        { onError: (error) => setProblem({ id: change.id, message: error.message }) },
      ),
  };
  const remove = useDeleteCustomField({
    onMutate: () => setProblem(null),
    onError: (error, definition) => setProblem({ id: definition.id, message: error.message }),
  });

  return (
    <section aria-labelledby={titleId} className="mt-6">
      <div className="flex items-center gap-2">
        <h2 id={titleId} className="mr-auto text-lg font-semibold">
          {entityNames[entity]}
        </h2>
        <Button variant="secondary" onClick={onNew}>
          New {entity} field
        </Button>
      </div>
      {definitions.isError ? (
        <LoadError what={`The ${entity} fields`} error={definitions.error} onRetry={() => void definitions.refetch()} className="mt-2" />
      ) : definitions.isPending ? (
        <Loading className="mt-2">{`Loading ${entity} fields…`}</Loading>
      ) : list.length === 0 ? (
        <p className="mt-2 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No {entity} fields yet.
        </p>
      ) : (
        <Table
          labelledBy={titleId}
          className="mt-2"
          columns={[...columns('Order', 'Label', 'Key', 'Type', 'Options', 'Required'), { label: <span className="sr-only">Actions</span> }]}
        >
          {list.map((d, i) => (
            <tr key={d.id} data-testid={`${entity}-field-row`} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="px-3 py-2 whitespace-nowrap">
                <span className="sr-only">{i + 1}. </span>
                <Button
                  variant="ghost"
                  aria-label={`Move ${d.label} up`}
                  disabled={i === 0 || move.isPending}
                  onClick={() => move.mutate({ id: d.id, direction: -1 })}
                >
                  <span aria-hidden="true">↑</span>
                </Button>
                <Button
                  variant="ghost"
                  aria-label={`Move ${d.label} down`}
                  disabled={i === list.length - 1 || move.isPending}
                  onClick={() => move.mutate({ id: d.id, direction: 1 })}
                >
                  <span aria-hidden="true">↓</span>
                </Button>
              </td>
              <td className="px-3 py-2 font-medium">{d.label}</td>
              <td className="px-3 py-2">
                <code className="font-mono text-xs">{d.key}</code>
              </td>
              <td className="px-3 py-2">{words(d.type)}</td>
              <td className="max-w-xs px-3 py-2">{d.options?.join(', ') ?? '—'}</td>
              <td className="px-3 py-2">{d.required ? 'Yes' : 'No'}</td>
              <td className="px-3 py-2">
                <div className="flex justify-end gap-1">
                  <Button variant="ghost" onClick={() => onEdit(d)}>
                    Edit<span className="sr-only"> {d.label}</span>
                  </Button>
                  <Button variant="ghost" disabled={remove.isPending} onClick={() => setConfirming(d)}>
                    Delete<span className="sr-only"> {d.label}</span>
                  </Button>
                </div>
                {problem?.id === d.id && (
                  <p role="alert" className="mt-1 text-right text-sm text-red-700 dark:text-red-400">
                    {problem.message}
                  </p>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete the field “${confirming.label}”?`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            remove.mutate(confirming);
            setConfirming(null);
          }}
        >
          It disappears from every form. Values already stored under the key <code className="font-mono">{confirming.key}</code> stay on the{' '}
          {entity === 'ticket' ? 'tickets' : 'customers'} and in the API, but are no longer checked.
        </ConfirmDialog>
      )}
    </section>
  );
}
