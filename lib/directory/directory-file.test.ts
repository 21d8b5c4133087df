import { describe, expect, it } from "vitest";
import { parseDepartments, parsePeople } from "./directory-file";

// The import's files: every row checked, each problem named by file, line and field.
const HEADER = "id,email,name,departmentId,role,locale,active";

describe("parsePeople", () => {
  it("reads a CSV with quotes, a byte-order mark, empty optional cells and booleans", () => {
    const csv = `\uFEFF${HEADER}\nE1001,e1001@corp.test,"김, 민준",D02,,ko,\nA1001,a1001@corp.test,관리자,D01,ADMIN,,false\n`;
    expect(parsePeople("people.csv", csv)).toEqual({
      rows: [
        { id: "E1001", email: "e1001@corp.test", name: "김, 민준", departmentId: "D02", role: "USER", locale: "ko", active: true },
        { id: "A1001", email: "a1001@corp.test", name: "관리자", departmentId: "D01", role: "ADMIN", locale: null, active: false },
      ],
      lines: [2, 3],
      problems: [],
    });
  });

  it("names each bad row by line and field, and duplicates of an id or an email", () => {
    const csv = [
      HEADER,
      "E1001,e1001@corp.test,김민준,D02,USER,ko,true",
      "E1002,not-an-email,이서연,D02,USER,ko,true",
      "E1003,e1003@corp.test,,D02,OWNER,fr,maybe",
      "E1001,e1004@corp.test,박도윤,D02,USER,ko,true",
      "E1005,E1001@CORP.TEST,최지우,D02,USER,ko,true",
    ].join("\n");
    const { rows, problems } = parsePeople("people.csv", csv);
    expect(rows.map((r) => r.id)).toEqual(["E1001", "E1001", "E1005"]);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.field}`)).toEqual([
      "people.csv:3:email",
      "people.csv:4:name",
      "people.csv:4:role",
      "people.csv:4:locale",
      "people.csv:4:active",
      "people.csv:5:id",
      "people.csv:6:email",
    ]);
    expect(problems.find((p) => p.line === 5)?.message).toBe('"e1001" is on line 2 already');
  });

  it("refuses a header without the required columns", () => {
    expect(parsePeople("people.csv", "id,name\nE1,김\n").problems).toEqual([
      { file: "people.csv", line: 1, field: "email, departmentId", message: `the header must name ${HEADER}` },
    ]);
  });

  it("reads JSON, naming an element by its place", () => {
    const json = JSON.stringify([
      { id: "E2001", email: "e2001@corp.test", name: "정하준", departmentId: "D03" },
      { id: "E2002", name: "강서윤", departmentId: "D03" },
    ]);
    const { rows, problems } = parsePeople("people.json", json);
    expect(rows).toHaveLength(1);
    expect(problems.map((p) => `${p.line}:${p.field}`)).toEqual(["2:email"]);
    expect(parsePeople("people.json", "{").problems[0]?.field).toBe("(file)");
  });
});

describe("parseDepartments", () => {
  it("reads id,name,parentId and refuses a repeated id", () => {
    const { rows, problems } = parseDepartments("departments.csv", "id,name,parentId\nD01,경영지원,\nD02,개발,D01\nD02,또 개발,\n");
    expect(rows).toEqual([
      { id: "D01", name: "경영지원", parentId: null },
      { id: "D02", name: "개발", parentId: "D01" },
      { id: "D02", name: "또 개발", parentId: null },
    ]);
    expect(problems).toEqual([{ file: "departments.csv", line: 4, field: "id", message: '"D02" is on line 3 already' }]);
  });
});
