import { db } from "../db/prisma";

// The directory's departments, for the admin's filters and the announcement form.
export async function listDepartments(): Promise<{ id: string; name: string }[]> {
  return db().department.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } });
}
