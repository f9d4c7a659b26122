#include "export/xlsx_writer.h"

#include "model/result_table.h"

#include <QFile>

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

namespace hogscope::exporting {

namespace {

constexpr int kProgressRows = 4096;
constexpr int kWidthSampleRows = 1000;
constexpr qint64 kMaxExactInteger = qint64(1) << 53;
constexpr qint64 kMicrosPerSecond = 1'000'000;
constexpr qint64 kMicrosPerDay = 86'400 * kMicrosPerSecond;

struct WorkbookCloser
{
    void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

// Cuts UTF-8 text after `maxChars` code points.
std::string_view firstChars(std::string_view text, int maxChars)
{
    int chars = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == maxChars)
            return text.substr(0, i);
    }
    return text;
}

bool looksLikeFormula(std::string_view text)
{
    return !text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' ||
                             text.front() == '@' || text.front() == '\t' || text.front() == '\r');
}

// Calendar fields of a UTC instant, or false outside the years Excel's dates cover.
bool toExcelDateTime(qint64 micros, lxw_datetime* out)
{
    std::string iso;
    model::appendIsoDateTime(micros, 'T', false, iso); // "YYYY-MM-DDTHH:MM:SS[.fff[fff]]"
    if (iso.size() < 19 || iso[4] != '-')
        return false;
    const int year = std::stoi(iso.substr(0, 4));
    if (year < 1900 || year > 9999)
        return false;
    out->year = year;
    out->month = std::stoi(iso.substr(5, 2));
    out->day = std::stoi(iso.substr(8, 2));
    out->hour = std::stoi(iso.substr(11, 2));
    out->min = std::stoi(iso.substr(14, 2));
    qint64 rest = micros % (60 * kMicrosPerSecond);
    if (rest < 0)
        rest += 60 * kMicrosPerSecond;
    out->sec = double(rest) / double(kMicrosPerSecond);
    return true;
}

bool parseDate(std::string_view text, lxw_datetime* out)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    qint64 micros = 0;
    if (!model::parseIsoDateTime(text, &micros))
        return false;
    const int year = std::stoi(std::string(text.substr(0, 4)));
    if (year < 1900 || year > 9999)
        return false;
    *out = lxw_datetime{
        year, std::stoi(std::string(text.substr(5, 2))), std::stoi(std::string(text.substr(8, 2))), 0, 0,
        0.0};
    return true;
}

} // namespace

XlsxWriter::XlsxWriter(XlsxOptions options)
    : m_options(std::move(options))
{}

bool XlsxWriter::write(const model::ResultTable& table, const QString& filePath, const Progress& progress)
{
    m_error.clear();
    const int rows = table.rowCount();
    const int columns = table.columnCount();
    const int headerRows = m_options.header ? 1 : 0;
    if (qint64(rows) + headerRows > kMaxRows) {
        m_error = QStringLiteral("%1 rows do not fit in one Excel sheet (at most %2); export as CSV instead.")
                      .arg(rows)
                      .arg(kMaxRows - headerRows);
        return false;
    }
    if (columns > kMaxColumns) {
        m_error = QStringLiteral("%1 columns do not fit in one Excel sheet (at most %2).")
                      .arg(columns)
                      .arg(kMaxColumns);
        return false;
    }

    const QByteArray path = QFile::encodeName(filePath);
    lxw_workbook_options workbookOptions{};
    workbookOptions.constant_memory = LXW_TRUE; // rows go to a temp file as they are written
    std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(
        workbook_new_opt(path.constData(), &workbookOptions));
    if (!workbook) {
        m_error = QStringLiteral("Could not create the workbook %1.").arg(filePath);
        return false;
    }
    // Excel's sheet names: at most 31 characters, none of []:*?/\ .
    QString sheetName = m_options.sheetName.left(31);
    for (const QChar bad : {u'[', u']', u':', u'*', u'?', u'/', u'\\'})
        sheetName.replace(bad, u'_');
    if (sheetName.isEmpty())
        sheetName = QStringLiteral("Results");
    lxw_worksheet* sheet = workbook_add_worksheet(workbook.get(), sheetName.toUtf8().constData());
    if (!sheet) {
        m_error = QStringLiteral("Could not add a sheet named %1.").arg(sheetName);
        return false;
    }

    lxw_format* headerFormat = workbook_add_format(workbook.get());
    format_set_bold(headerFormat);
    lxw_format* dateFormat = workbook_add_format(workbook.get());
    format_set_num_format(dateFormat, "yyyy-mm-dd");
    lxw_format* dateTimeFormat = workbook_add_format(workbook.get());
    format_set_num_format(dateTimeFormat, "yyyy-mm-dd hh:mm:ss");
    lxw_format* dateTimeMillisFormat = workbook_add_format(workbook.get());
    format_set_num_format(dateTimeMillisFormat, "yyyy-mm-dd hh:mm:ss.000");

    // Per column: widths from the header and a sample of rows; date/times show milliseconds when
    // any value has them.
    std::vector<lxw_format*> dateTimeFormats(size_t(columns), dateTimeFormat);
    for (int c = 0; c < columns; ++c) {
        int width = int(table.columnName(c).size()) + 2;
        const int sample = std::min(rows, kWidthSampleRows);
        for (int r = 0; r < sample; ++r)
            width = std::max(width, int(std::min<qsizetype>(table.displayText(r, c).size(), 60)));
        if (table.columnType(c) == model::ColumnType::DateTime) {
            for (int r = 0; r < rows; ++r) {
                if (table.cellKind(r, c) == model::CellKind::DateTime &&
                    table.dateTimeMicros(r, c) % kMicrosPerSecond != 0) {
                    dateTimeFormats[size_t(c)] = dateTimeMillisFormat;
                    break;
                }
            }
            width = std::max(width, 23);
        }
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), std::clamp(width, 8, 60) + 1, nullptr);
    }
    if (m_options.freezeHeader && m_options.header)
        worksheet_freeze_panes(sheet, 1, 0);
    if (m_options.autofilter && m_options.header && columns > 0)
        worksheet_autofilter(sheet, 0, 0, lxw_row_t(rows), lxw_col_t(columns - 1));

    lxw_error error = LXW_NO_ERROR;
    const auto check = [&](lxw_error result) {
        if (result != LXW_NO_ERROR && error == LXW_NO_ERROR)
            error = result;
    };
    std::string text;
    const auto writeText = [&](lxw_row_t row, lxw_col_t col, std::string_view value, bool mayBeFormula,
                               lxw_format* format) {
        text.clear();
        if (mayBeFormula && m_options.escapeFormulas && looksLikeFormula(value))
            text.push_back('\'');
        text.append(firstChars(value, kMaxCellChars - int(text.size())));
        check(worksheet_write_string(sheet, row, col, text.c_str(), format));
    };

    if (m_options.header) {
        for (int c = 0; c < columns; ++c) {
            const QByteArray name = table.columnName(c).toUtf8();
            writeText(0, lxw_col_t(c), std::string_view(name.constData(), size_t(name.size())), true,
                      headerFormat);
        }
    }
    for (int r = 0; r < rows && error == LXW_NO_ERROR; ++r) {
        const auto row = lxw_row_t(r + headerRows);
        for (int c = 0; c < columns; ++c) {
            const auto col = lxw_col_t(c);
            switch (table.cellKind(r, c)) {
            case model::CellKind::Null:
                break; // an empty cell
            case model::CellKind::Integer: {
                const qint64 value = table.integer(r, c);
                if (value > -kMaxExactInteger && value < kMaxExactInteger) {
                    check(worksheet_write_number(sheet, row, col, double(value), nullptr));
                } else {
                    const std::string digits = std::to_string(value);
                    check(worksheet_write_string(sheet, row, col, digits.c_str(), nullptr));
                }
                break;
            }
            case model::CellKind::Float: {
                const double value = table.real(r, c);
                if (std::isfinite(value)) {
                    check(worksheet_write_number(sheet, row, col, value, nullptr));
                } else {
                    std::string out;
                    table.appendExportText(r, c, out);
                    check(worksheet_write_string(sheet, row, col, out.c_str(), nullptr));
                }
                break;
            }
            case model::CellKind::Boolean:
                check(worksheet_write_boolean(sheet, row, col, table.boolean(r, c) ? 1 : 0, nullptr));
                break;
            case model::CellKind::DateTime: {
                lxw_datetime when{};
                if (toExcelDateTime(table.dateTimeMicros(r, c), &when)) {
                    check(worksheet_write_datetime(sheet, row, col, &when, dateTimeFormats[size_t(c)]));
                } else {
                    std::string out;
                    table.appendExportText(r, c, out);
                    check(worksheet_write_string(sheet, row, col, out.c_str(), nullptr));
                }
                break;
            }
            case model::CellKind::Text: {
                lxw_datetime day{};
                if (table.columnType(c) == model::ColumnType::Date && parseDate(table.text(r, c), &day))
                    check(worksheet_write_datetime(sheet, row, col, &day, dateFormat));
                else
                    writeText(row, col, table.text(r, c), true, nullptr);
                break;
            }
            case model::CellKind::Json:
                writeText(row, col, table.text(r, c), false, nullptr);
                break;
            }
        }
        if (progress && (r + 1) % kProgressRows == 0 && !progress(r + 1, rows)) {
            workbook.reset();
            QFile::remove(filePath);
            m_error = QStringLiteral("The export was cancelled.");
            return false;
        }
    }
    if (error != LXW_NO_ERROR) {
        workbook.reset();
        QFile::remove(filePath);
        m_error =
            QStringLiteral("Could not write the workbook: %1.").arg(QString::fromUtf8(lxw_strerror(error)));
        return false;
    }
    const lxw_error closed = workbook_close(workbook.release());
    if (closed != LXW_NO_ERROR) {
        m_error =
            QStringLiteral("Could not save %1: %2.").arg(filePath, QString::fromUtf8(lxw_strerror(closed)));
        return false;
    }
    if (progress)
        progress(rows, rows);
    return true;
}

} // namespace hogscope::exporting
