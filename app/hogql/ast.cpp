#include "ast.h"

namespace hogscope::hogql {

const char* nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Constant:
        return "Constant";
    case NodeKind::Field:
        return "Field";
    case NodeKind::Placeholder:
        return "Placeholder";
    case NodeKind::Alias:
        return "Alias";
    case NodeKind::ArithmeticOperation:
        return "ArithmeticOperation";
    case NodeKind::CompareOperation:
        return "CompareOperation";
    case NodeKind::IsDistinctFrom:
        return "IsDistinctFrom";
    case NodeKind::And:
        return "And";
    case NodeKind::Or:
        return "Or";
    case NodeKind::Not:
        return "Not";
    case NodeKind::BetweenExpr:
        return "BetweenExpr";
    case NodeKind::Tuple:
        return "Tuple";
    case NodeKind::Array:
        return "Array";
    case NodeKind::Dict:
        return "Dict";
    case NodeKind::Lambda:
        return "Lambda";
    case NodeKind::ArrayAccess:
        return "ArrayAccess";
    case NodeKind::TupleAccess:
        return "TupleAccess";
    case NodeKind::Call:
        return "Call";
    case NodeKind::ExprCall:
        return "ExprCall";
    case NodeKind::NamedArgument:
        return "NamedArgument";
    case NodeKind::TypeCast:
        return "TypeCast";
    case NodeKind::TryCast:
        return "TryCast";
    case NodeKind::PositionalRef:
        return "PositionalRef";
    case NodeKind::WindowFunction:
        return "WindowFunction";
    case NodeKind::WindowExpr:
        return "WindowExpr";
    case NodeKind::WindowFrameExpr:
        return "WindowFrameExpr";
    case NodeKind::OrderExpr:
        return "OrderExpr";
    case NodeKind::ColumnsExpr:
        return "ColumnsExpr";
    case NodeKind::SpreadExpr:
        return "SpreadExpr";
    case NodeKind::HogQLXTag:
        return "HogQLXTag";
    case NodeKind::HogQLXAttribute:
        return "HogQLXAttribute";
    case NodeKind::SelectQuery:
        return "SelectQuery";
    case NodeKind::SelectSetQuery:
        return "SelectSetQuery";
    case NodeKind::JoinExpr:
        return "JoinExpr";
    case NodeKind::JoinConstraint:
        return "JoinConstraint";
    case NodeKind::SampleExpr:
        return "SampleExpr";
    case NodeKind::RatioExpr:
        return "RatioExpr";
    case NodeKind::CTE:
        return "CTE";
    case NodeKind::LimitByExpr:
        return "LimitByExpr";
    case NodeKind::ValuesQuery:
        return "ValuesQuery";
    case NodeKind::GroupingSet:
        return "GroupingSet";
    case NodeKind::PivotExpr:
        return "PivotExpr";
    case NodeKind::PivotColumn:
        return "PivotColumn";
    case NodeKind::UnpivotExpr:
        return "UnpivotExpr";
    case NodeKind::UnpivotColumn:
        return "UnpivotColumn";
    }
    return "Unknown";
}

const char* arithmeticOpText(ArithmeticOp op)
{
    switch (op) {
    case ArithmeticOp::Add:
        return "+";
    case ArithmeticOp::Sub:
        return "-";
    case ArithmeticOp::Mult:
        return "*";
    case ArithmeticOp::Div:
        return "/";
    case ArithmeticOp::Mod:
        return "%";
    }
    return "+";
}

const char* compareOpText(CompareOp op)
{
    switch (op) {
    case CompareOp::Eq:
        return "==";
    case CompareOp::NotEq:
        return "!=";
    case CompareOp::Lt:
        return "<";
    case CompareOp::LtEq:
        return "<=";
    case CompareOp::Gt:
        return ">";
    case CompareOp::GtEq:
        return ">=";
    case CompareOp::Like:
        return "like";
    case CompareOp::NotLike:
        return "not like";
    case CompareOp::ILike:
        return "ilike";
    case CompareOp::NotILike:
        return "not ilike";
    case CompareOp::In:
        return "in";
    case CompareOp::NotIn:
        return "not in";
    case CompareOp::GlobalIn:
        return "global in";
    case CompareOp::GlobalNotIn:
        return "global not in";
    case CompareOp::InCohort:
        return "in cohort";
    case CompareOp::NotInCohort:
        return "not in cohort";
    case CompareOp::Regex:
        return "=~";
    case CompareOp::IRegex:
        return "=~*";
    case CompareOp::NotRegex:
        return "!~";
    case CompareOp::NotIRegex:
        return "!~*";
    }
    return "==";
}

const char* setOperatorText(SetOperator op)
{
    switch (op) {
    case SetOperator::UnionAll:
        return "UNION ALL";
    case SetOperator::UnionDistinct:
        return "UNION DISTINCT";
    case SetOperator::Union:
        return "UNION DISTINCT"; // PostHog normalises a plain UNION
    case SetOperator::IntersectAll:
        return "INTERSECT ALL";
    case SetOperator::IntersectDistinct:
        return "INTERSECT DISTINCT";
    case SetOperator::Intersect:
        return "INTERSECT";
    case SetOperator::ExceptAll:
        return "EXCEPT ALL";
    case SetOperator::ExceptDistinct:
        return "EXCEPT DISTINCT";
    case SetOperator::Except:
        return "EXCEPT";
    }
    return "UNION ALL";
}

} // namespace hogscope::hogql
