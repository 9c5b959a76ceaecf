using System.Threading.Tasks;
using CoroGen;

namespace Demo.Shapes;

public partial record Person(string Name)
{
    [Coroutine]
    public async partial Coro<string> Greet()
    {
        await Task.Yield();
        return "Hello, " + Name;
    }
}

public readonly partial record struct Point(int X, int Y)
{
    [Coroutine]
    public static async partial Coro<Point> Move(Point point, int dx)
    {
        await Task.Yield();
        return point with { X = point.X + dx };
    }
}

public partial record class Shape
{
    public partial struct Counter
    {
        [Coroutine]
        internal static async partial Coro Tick()
        {
            await Task.Yield();
        }
    }
}
