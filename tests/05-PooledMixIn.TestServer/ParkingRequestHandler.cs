using System.Globalization;
using System.Text;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

/// <summary>The test handler, with the two steps of <see cref="FaultPark"/> that happen inside a request.</summary>
internal sealed class ParkingRequestHandler : TestRequestHandler
{
    protected override void DoGet()
    {
        FaultPark.ParkIfArmed(FaultPark.MidRequest);
        if (FaultPark.TryClaim(FaultPark.MidResponse))
        {
            var body = Encoding.UTF8.GetBytes(DescribeRequest() + "\n");
            SendResponse(200);
            SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
            EndHeaders();
            WFile.Write(body.AsSpan(0, body.Length / 2));
            WFile.Flush();
            FaultPark.Park(FaultPark.MidResponse);
        }

        base.DoGet();
    }
}
