-- The institution list filtered by country pages in id order (keyset). An index on country
-- alone makes both engines read every institution of the country and sort them for each
-- page; (country, id) hands them over in page order, so a page reads limit + 1 rows. It also
-- serves the plain country filter, so it replaces the old index.
DROP INDEX institutions_country;
CREATE INDEX institutions_country_id ON institutions (country, id);
