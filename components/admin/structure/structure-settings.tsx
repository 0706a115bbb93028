'use client';

import { LoadError, Loading } from '@/components/ui/load-error';
import {
  createCategorySchema,
  createDepartmentSchema,
  updateCategorySchema,
  updateDepartmentSchema,
  type CategoryJson,
  type DepartmentJson,
} from '@/lib/organisation/schema';
import { useCategories, useCreateCategory, useCreateDepartment, useDepartments, type NewCategory } from '@/components/data/organisation';
import { AddByName } from './add-by-name';
import { NamedItem } from './named-item';

/** Admin → Settings → Departments and categories: each department with its categories, then those filed under none. */
export function StructureSettings() {
  const departments = useDepartments();
  const categories = useCategories();
  const createDepartment = useCreateDepartment();
  const createCategory = useCreateCategory();
  // Resolves once the lists show the new category.
  const addCategory = (category: NewCategory) => createCategory.mutateAsync(category);

  const failed = departments.isError ? departments : categories.isError ? categories : null;
  const unfiled = categoriesOf(categories.data ?? [], null);

  return (
    <section aria-labelledby="structure-title" className="max-w-3xl">
      <h1 id="structure-title" className="text-xl font-semibold">
        Departments and categories
      </h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Tickets are filed under a department and a category. One that tickets still use cannot be deleted: move its tickets first.
      </p>

      <AddByName
        id="new-department"
        label="New department"
        button="Add department"
        schema={createDepartmentSchema}
        body={(name) => ({ name })}
        onAdd={(body) => createDepartment.mutateAsync(body)}
      />

      {failed?.error ? (
        <LoadError what="The departments and categories" error={failed.error} onRetry={() => void failed.refetch()} />
      ) : departments.isPending || categories.isPending ? (
        <Loading>Loading departments and categories…</Loading>
      ) : (
        <>
          {departments.data?.length === 0 && (
            <p className="mt-6 rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
              No departments yet.
            </p>
          )}
          {departments.data?.map((d) => (
            <DepartmentCard key={d.id} department={d} categories={categoriesOf(categories.data ?? [], d.id)} onAddCategory={addCategory} />
          ))}
          <section
            aria-labelledby="unfiled-categories"
            className="mt-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
          >
            <h2 id="unfiled-categories" className="font-semibold">
              Categories without a department
            </h2>
            <CategoryList categories={unfiled} />
            <AddByName
              id="new-category-unfiled"
              label="New category without a department"
              button="Add category"
              schema={createCategorySchema}
              body={(name) => ({ name, department_id: null })}
              onAdd={addCategory}
            />
          </section>
        </>
      )}
    </section>
  );
}

function DepartmentCard({
  department,
  categories,
  onAddCategory,
}: {
  department: DepartmentJson;
  categories: CategoryJson[];
  onAddCategory: (category: NewCategory) => Promise<unknown>;
}) {
  // Named by aria-label rather than its heading, which a rename replaces with the name box.
  return (
    <section
      aria-label={department.name}
      data-testid="department"
      className="mt-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <NamedItem kind="department" item={department} renameSchema={updateDepartmentSchema}>
        {(name) => <h2 className="font-semibold">{name}</h2>}
      </NamedItem>
      <CategoryList categories={categories} />
      <AddByName
        id={`new-category-${department.id}`}
        label={`New category in ${department.name}`}
        button="Add category"
        schema={createCategorySchema}
        body={(name) => ({ name, department_id: department.id })}
        onAdd={onAddCategory}
      />
    </section>
  );
}

function CategoryList({ categories }: { categories: CategoryJson[] }) {
  if (categories.length === 0) return <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No categories.</p>;
  return (
    <ul className="mt-2 divide-y divide-slate-100 border-l-2 border-slate-200 pl-3 dark:divide-slate-800 dark:border-slate-700" aria-label="Categories">
      {categories.map((c) => (
        <li key={c.id} data-testid="category" className="py-1">
          <NamedItem kind="category" item={c} renameSchema={updateCategorySchema}>
            {(name) => <span className="text-sm">{name}</span>}
          </NamedItem>
        </li>
      ))}
    </ul>
  );
}

/** The categories filed under a department, or under none. */
function categoriesOf(categories: CategoryJson[], departmentId: number | null): CategoryJson[] {
  return categories.filter((c) => (c.department?.id ?? null) === departmentId);
}
