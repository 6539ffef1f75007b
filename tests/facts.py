"""Registry facts the tests share, as an extract delivers them (text keyed by the engine's field
names); plain data, so the engine's tests can use them without Django."""

# OP3.2: 48 payers a month in Jan–Apr 2020 against 40 in 2019 is growth of exactly 20 % → 50 % of
# the 30,000.00 yuan paid in Feb–Apr = 15,000.00; the cap 6,315 × 48 = 303,120.00 does not bite.
OP3_FACTS = {
    "industry_code": "F52",
    "employees": "50",
    "revenue_2019": "5000000",
    "total_assets": "3000000",
    "state_owned": "false",
    "restricted_catalogue": "false",
    "priority_zone": "true",
    "high_tech_industry": "false",
    "ui_payers_2019_avg": "40",
    "ui_payers_2020_01": "48",
    "ui_payers_2020_02": "48",
    "ui_payers_2020_03": "48",
    "ui_payers_2020_04": "48",
    "employer_contrib_2020_02": "10000.00",
    "employer_contrib_2020_03": "10000.00",
    "employer_contrib_2020_04": "10000.00",
}
